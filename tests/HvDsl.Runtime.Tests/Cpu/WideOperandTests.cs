using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Cpu.State;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>
/// 80-bit, 128-bit and block operands go through segmentation and paging as one access: every page is checked before
/// a byte moves, alignment and limits apply to the whole operand, and a fault leaves memory as it was.
/// </summary>
public sealed class WideOperandTests
{
    private const int Ds = Register.DS - Register.ES;
    private const int Ss = Register.SS - Register.ES;
    private const ulong Tables = 0x300000;
    private const ulong Missing = 0x50000;

    /// <summary>A long-mode vCPU whose first 2 MiB are identity-mapped with 4 KiB pages, except the page at <see cref="Missing"/>.</summary>
    private static Vm LongModeWithAMissingPage()
    {
        var vm = Vm.WithMemory(4);
        GuestBoot.Long(vm, 0x10000, 0x100000, 0x80000);
        var entries = new byte[0x4000];
        BinaryPrimitives.WriteUInt64LittleEndian(entries.AsSpan(0x0000), (Tables + 0x1000) | 3);
        BinaryPrimitives.WriteUInt64LittleEndian(entries.AsSpan(0x1000), (Tables + 0x2000) | 3);
        BinaryPrimitives.WriteUInt64LittleEndian(entries.AsSpan(0x2000), (Tables + 0x3000) | 3);
        BinaryPrimitives.WriteUInt64LittleEndian(entries.AsSpan(0x2008), 0x200000 | 0x83);
        for (var page = 0UL; page < 512; page++)
        {
            if (page << 12 != Missing)
                BinaryPrimitives.WriteUInt64LittleEndian(entries.AsSpan(0x3000 + (int)page * 8), (page << 12) | 3);
        }
        vm.Memory.Load(Tables, entries);
        vm.Cpu.Cr3 = Tables;
        return vm;
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i * 7 + 1);
        return bytes;
    }

    private static byte[] Physical(Vm vm, ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(vm.Memory.Read(address, bytes));
        return bytes;
    }

    [Fact]
    public void A_512_byte_block_straddling_two_pages_is_written_and_read_back_whole()
    {
        using var vm = LongModeWithAMissingPage();
        var image = Pattern(512);

        Assert.True(vm.Cpu.WriteBlock(Ds, Missing - 0x1100, image, alignment: 16));
        var back = new byte[512];
        Assert.True(vm.Cpu.ReadBlock(Ds, Missing - 0x1100, back, alignment: 16));

        Assert.Equal(image, back);
        Assert.Equal(image, Physical(vm, Missing - 0x1100, 512));
    }

    [Fact]
    public void A_block_write_running_into_a_missing_page_faults_and_leaves_the_present_page_unchanged()
    {
        using var vm = LongModeWithAMissingPage();

        Assert.False(vm.Cpu.WriteBlock(Ds, Missing - 0x100, Pattern(512)));

        Assert.Equal((byte)14, vm.Cpu.PendingFault?.Vector);
        Assert.Equal(2u, vm.Cpu.PendingFault?.Error); // not present, write, supervisor
        Assert.Equal(new byte[0x100], Physical(vm, Missing - 0x100, 0x100));
    }

    [Fact]
    public void A_128_bit_read_running_into_a_missing_page_raises_a_read_page_fault()
    {
        using var vm = LongModeWithAMissingPage();

        Assert.False(vm.Cpu.Read128(Ds, Missing - 8, aligned: false, out _));

        Assert.Equal(((byte)14, 0u), vm.Cpu.PendingFault);
    }

    [Fact]
    public void An_aligned_128_bit_access_off_a_16_byte_boundary_raises_gp0_and_writes_nothing()
    {
        using var vm = LongModeWithAMissingPage();

        Assert.False(vm.Cpu.Write128(Ds, 0x40008, UInt128.MaxValue, aligned: true));

        Assert.Equal(((byte)13, 0u), vm.Cpu.PendingFault);
        Assert.Equal(new byte[16], Physical(vm, 0x40008, 16));
    }

    [Fact]
    public void A_128_bit_value_is_stored_little_endian_and_read_back()
    {
        using var vm = LongModeWithAMissingPage();
        var value = new UInt128(0x0011_2233_4455_6677, 0x8899_AABB_CCDD_EEFF);

        Assert.True(vm.Cpu.Write128(Ds, 0x40FF8, value, aligned: false));

        Assert.True(vm.Cpu.Read128(Ds, 0x40FF8, aligned: false, out var back));
        Assert.Equal(value, back);
        Assert.Equal(new byte[] { 0xFF, 0xEE, 0xDD, 0xCC, 0xBB, 0xAA, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00 }, Physical(vm, 0x40FF8, 16));
    }

    [Fact]
    public void An_80_bit_value_straddling_a_page_is_stored_significand_first_and_read_back()
    {
        using var vm = LongModeWithAMissingPage();
        var value = new X87Register { Significand = 0x8000_0000_0000_0001, SignExponent = 0xC000 };

        Assert.True(vm.Cpu.Write80(Ds, 0x40FFC, value));

        Assert.True(vm.Cpu.Read80(Ds, 0x40FFC, out var back));
        Assert.Equal((value.Significand, value.SignExponent), (back.Significand, back.SignExponent));
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0x80, 0x00, 0xC0 }, Physical(vm, 0x40FFC, 10));
    }

    [Fact]
    public void A_block_past_the_segment_limit_faults_gp_in_ds_and_ss_in_ss()
    {
        using var vm = Vm.WithMemory(4);
        GuestBoot.Protected(vm, 0x10000, 0x100000, 0x80000);
        vm.Cpu.SetSegment(Register.DS, new SegmentRegister(0x10, 0, 0xFFF, SegmentRegister.FlatData & ~SegmentRegister.Granularity));
        vm.Cpu.SetSegment(Register.SS, new SegmentRegister(0x10, 0, 0xFFF, SegmentRegister.FlatData & ~SegmentRegister.Granularity));

        Assert.True(vm.Cpu.ReadBlock(Ds, 0xF94, new byte[108]));
        Assert.False(vm.Cpu.ReadBlock(Ds, 0xF95, new byte[108]));
        Assert.Equal(((byte)13, 0u), vm.Cpu.PendingFault);
        Assert.False(vm.Cpu.ReadBlock(Ss, 0xF95, new byte[108]));
        Assert.Equal(((byte)12, 0u), vm.Cpu.PendingFault);
    }

    [Fact]
    public void A_128_bit_operand_is_an_xmm_register_or_memory()
    {
        using var vm = LongModeWithAMissingPage();
        vm.Cpu.Xmm(Register.XMM5) = new UInt128(1, 2);
        Assert.True(vm.Cpu.Write128(Ds, 0x40000, new UInt128(3, 4), aligned: true));
        vm.Cpu.SetRegister(Register.RAX, 0x40000);
        var fromRegister = Decode(0x0F, 0x10, 0xDD); // movups xmm3, xmm5
        var fromMemory = Decode(0x0F, 0x28, 0x18); // movaps xmm3, [rax]

        Assert.True(vm.Cpu.ReadOp128(ref fromRegister, 1, aligned: false, out var a));
        Assert.True(vm.Cpu.ReadOp128(ref fromMemory, 1, aligned: true, out var b));
        Assert.True(vm.Cpu.WriteOp128(ref fromMemory, 0, b, aligned: false));

        Assert.Equal(new UInt128(1, 2), a);
        Assert.Equal(new UInt128(3, 4), b);
        Assert.Equal(new UInt128(3, 4), vm.Cpu.Xmm(Register.XMM3));
    }

    [Fact]
    public void St_i_counts_from_the_top_of_stack_in_the_status_word()
    {
        using var vm = Vm.WithMemory(1);
        ref var state = ref vm.Cpu.Architectural;
        state.Fsw = 6 << 11;
        state.St[6].SignExponent = 0x3FFF;
        state.St[1].SignExponent = 0x4000;

        Assert.Equal(0x3FFF, vm.Cpu.St(0).SignExponent);
        Assert.Equal(0x4000, vm.Cpu.St(3).SignExponent);
    }

    private static Instruction Decode(params byte[] code)
    {
        var decoder = Decoder.Create(64, code);
        decoder.Decode(out var instruction);
        return instruction;
    }
}
