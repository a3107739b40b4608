using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>FNSTENV/FLDENV, FNSAVE/FRSTOR, FXSAVE/FXRSTOR and LDMXCSR/STMXCSR: the layouts, their checks and their round trips.</summary>
public sealed class X87StateSaveTests
{
    private const ulong Data = 0x200000;
    private const ulong Cr0Ts = 1 << 3, Cr4Osfxsr = 1 << 9;

    private static byte[] Bytes(Vm vm, ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(vm.Memory.Read(address, bytes));
        return bytes;
    }

    [Fact]
    public void Fxsave64_stores_the_x87_words_abridged_tags_mxcsr_its_mask_and_all_sixteen_xmm_registers()
    {
        using var vm = X87ControlTests.LongGuest(a => a.fxsave64(__[rax]));
        vm.Memory.Load(Data, new byte[512]);
        vm.Memory.Load(Data + 464, [0xAA, 0xBB]);
        ref var s = ref vm.Cpu.Architectural;
        (s.Fcw, s.Fsw, s.Ftw, s.Fop, s.Fip, s.Fdp, s.Mxcsr) = (0x037F, 0x3800, 0x3FFF, 0x5AB, 0x1_2345_6789, 0x9_8765_4321, 0x1FA0);
        s.St[7].Significand = 0x8000_0000_0000_0000;
        s.St[7].SignExponent = 0x3FFF;
        s.Xmm[15] = new UInt128(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210);

        Guest.RunToHalt(vm);

        var area = Bytes(vm, Data, 512);
        Assert.Equal(0x037F, BinaryPrimitives.ReadUInt16LittleEndian(area));
        Assert.Equal(0x3800, BinaryPrimitives.ReadUInt16LittleEndian(area.AsSpan(2)));
        Assert.Equal(0x80, area[4]); // only R7 is not empty
        Assert.Equal(0x5AB, BinaryPrimitives.ReadUInt16LittleEndian(area.AsSpan(6)));
        Assert.Equal(0x1_2345_6789UL, BinaryPrimitives.ReadUInt64LittleEndian(area.AsSpan(8)));
        Assert.Equal(0x9_8765_4321UL, BinaryPrimitives.ReadUInt64LittleEndian(area.AsSpan(16)));
        Assert.Equal(0x1FA0u, BinaryPrimitives.ReadUInt32LittleEndian(area.AsSpan(24)));
        Assert.Equal(0xFFFFu, BinaryPrimitives.ReadUInt32LittleEndian(area.AsSpan(28)));
        Assert.Equal(0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(area.AsSpan(32 + 8))); // ST(0) is R7 with TOP = 7
        Assert.Equal(s.Xmm[15], BinaryPrimitives.ReadUInt128LittleEndian(area.AsSpan(160 + 15 * 16)));
        Assert.Equal(0xAA, area[464]); // software's bytes stay
    }

    [Fact]
    public void Fxsave_to_an_address_off_a_16_byte_boundary_raises_gp_and_writes_nothing()
    {
        using var vm = X87ControlTests.LongGuest(a => a.fxsave(__[rax + 8]), 13);

        Guest.RunToHalt(vm);

        Assert.Equal(13UL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(new byte[512], Bytes(vm, Data + 8, 512));
    }

    [Fact]
    public void Fxrstor_brings_back_what_fxsave_stored_and_the_area_now_holds()
    {
        using var vm = X87ControlTests.LongGuest(a =>
        {
            a.fxsave(__[rax]);
            a.fninit();
            a.ldmxcsr(__dword_ptr[rax + 600]);
            a.mov(__qword_ptr[rax + 160 + 3 * 16], 42);
            a.fxrstor(__[rax]);
        });
        vm.Cpu.Cr4 |= Cr4Osfxsr;
        ref var s = ref vm.Cpu.Architectural;
        (s.Fcw, s.Fsw, s.Ftw, s.Mxcsr) = (0x027F, 0x1000, 0xFFFC, 0x9F80);
        s.St[0].Significand = 0xC000_0000_0000_0000;
        s.St[0].SignExponent = 0x7FFF;
        s.Xmm[3] = 7;
        vm.Memory.Load(Data + 600, BitConverter.GetBytes(0x1F80u));

        Guest.RunToHalt(vm);

        Assert.Equal((ushort)0x027F, s.Fcw);
        Assert.Equal((ushort)0x1000, s.Fsw);
        Assert.Equal((ushort)0xFFFE, s.Ftw); // R0, a NaN, comes back tagged special
        Assert.Equal(0x9F80u, s.Mxcsr);
        Assert.Equal((UInt128)42, s.Xmm[3]);
    }

    [Fact]
    public void Fxrstor_of_an_area_with_a_reserved_mxcsr_bit_raises_gp_and_changes_nothing()
    {
        using var vm = X87ControlTests.LongGuest(a => a.fxrstor(__[rax]), 13);
        var area = new byte[512];
        BinaryPrimitives.WriteUInt32LittleEndian(area.AsSpan(24), 0x1_1F80);
        vm.Memory.Load(Data, area);

        Guest.RunToHalt(vm);

        Assert.Equal(13UL, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(0x1F80u, vm.Cpu.Architectural.Mxcsr);
        Assert.Equal((ushort)0x0040, vm.Cpu.Architectural.Fcw);
    }

    [Theory]
    [InlineData(0x7F80u, true, 0, -1L)]
    [InlineData(0x1_0000u, true, 0, 13L)]
    [InlineData(0x1F80u, false, 0, 6L)]
    [InlineData(0x1F80u, true, Cr0Ts, 7L)]
    public void Ldmxcsr_loads_or_faults_on_reserved_bits_osfxsr_and_ts(uint value, bool osfxsr, ulong cr0, long rdi)
    {
        using var vm = X87ControlTests.LongGuest(a =>
        {
            a.ldmxcsr(__dword_ptr[rax]);
            a.stmxcsr(__dword_ptr[rax + 4]);
        }, 6, 7, 13);
        vm.Memory.Load(Data, BitConverter.GetBytes(value));
        if (osfxsr)
            vm.Cpu.Cr4 |= Cr4Osfxsr;
        vm.Cpu.Cr0 |= cr0;

        Guest.RunToHalt(vm);

        Assert.Equal((ulong)rdi, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal(rdi == -1 ? value : 0x1F80u, vm.Cpu.Architectural.Mxcsr);
        Assert.Equal(rdi == -1 ? value : 0u, BinaryPrimitives.ReadUInt32LittleEndian(Bytes(vm, Data + 4, 4)));
    }

    [Fact]
    public void Fnsave_stores_the_stack_and_reinitializes_and_frstor_brings_it_back_with_tags_from_the_contents()
    {
        using var vm = X87ControlTests.LongGuest(a =>
        {
            a.fnsave(__[rax]);
            a.fnstcw(__word_ptr[rax + 200]);
            a.frstor(__[rax]);
        });
        ref var s = ref vm.Cpu.Architectural;
        (s.Fcw, s.Fsw, s.Ftw) = (0x0E7F, 0x3000, 0x0FFF); // TOP = 6; R6 and R7 valid
        s.St[6].Significand = 0x8000_0000_0000_0000;
        s.St[6].SignExponent = 0x3FFF;

        Guest.RunToHalt(vm);

        var image = Bytes(vm, Data, 108);
        Assert.Equal(0xFFFF0E7Fu, BinaryPrimitives.ReadUInt32LittleEndian(image)); // the reserved upper half reads as ones
        Assert.Equal(0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(28 + 8))); // ST(0) = R6 first
        Assert.Equal((ushort)0x037F, BinaryPrimitives.ReadUInt16LittleEndian(Bytes(vm, Data + 200, 2)));
        Assert.Equal((ushort)0x0E7F, s.Fcw);
        Assert.Equal((ushort)0x3000, s.Fsw);
        Assert.Equal((ushort)0x4FFF, s.Ftw); // R6 valid, R7 (all zero bits) zero
        Assert.Equal((ushort)0x3FFF, s.St[6].SignExponent);
    }

    [Fact]
    public void Fnstenv_in_real_mode_stores_the_14_byte_layout_with_linear_pointers_and_masks_exceptions()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.fnstenv(__[0x500]);
            a.hlt();
        });
        ref var s = ref vm.Cpu.Architectural;
        (s.Fcw, s.Fsw, s.Ftw, s.Fop, s.Fip, s.Fdp) = (0x0360, 0x0000, 0xFFFF, 0x5AB, 0x1_2345, 0x6_789A);

        Guest.RunToHalt(vm);

        var image = Bytes(vm, 0x500, 16);
        ushort At(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(offset));
        Assert.Equal((ushort)0x0360, At(0));
        Assert.Equal((ushort)0x2345, At(6));
        Assert.Equal((ushort)0x15AB, At(8));
        Assert.Equal((ushort)0x789A, At(10));
        Assert.Equal((ushort)0x6000, At(12));
        Assert.Equal((ushort)0, At(14)); // nothing past the 14 bytes
        Assert.Equal((ushort)0x037F, s.Fcw);
    }
}
