using System;
using System.Linq;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Cpu.X87;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>The checks every SSE and MMX instruction makes first (CR0.EM, CR4.OSFXSR, CR0.TS, pending x87 faults) and the m128 alignment rule.</summary>
public sealed class SseAvailabilityTests
{
    private const ulong Data = 0x200000;
    private const ulong Cr0Em = 1 << 2, Cr0Ts = 1 << 3, Cr0Ne = 1 << 5, Cr4Osfxsr = 1 << 9;

    /// <summary>A long-mode guest with CR4.OSFXSR set, RAX at <see cref="Data"/>, handlers for #UD, #NM, #GP and #MF that put the vector in RDI.</summary>
    internal static Vm SseGuest(Action<Assembler> program)
    {
        var vm = X87ControlTests.LongGuest(program, 6, 7, 13, 16);
        vm.Cpu.Cr4 |= Cr4Osfxsr;
        return vm;
    }

    private static ulong Vector(Vm vm)
    {
        Guest.RunToHalt(vm);
        return vm.Cpu.GetRegister(Register.RDI);
    }

    [Fact]
    public void Sse_instruction_without_cr4_osfxsr_raises_ud()
    {
        using var vm = SseGuest(a => a.movaps(xmm0, xmm1));
        vm.Cpu.Cr4 &= ~Cr4Osfxsr;

        Assert.Equal(6UL, Vector(vm));
    }

    [Fact]
    public void Sse_instruction_with_cr0_em_raises_ud_before_cr0_ts_is_checked()
    {
        using var vm = SseGuest(a => a.movdqa(xmm0, xmm1));
        vm.Cpu.Cr0 |= Cr0Em | Cr0Ts;

        Assert.Equal(6UL, Vector(vm));
    }

    [Fact]
    public void Sse_instruction_with_cr0_ts_raises_nm_and_leaves_the_destination()
    {
        using var vm = SseGuest(a => a.movups(xmm0, xmm1));
        vm.Cpu.Cr0 |= Cr0Ts;
        vm.Cpu.Architectural.Xmm[1] = 5;

        Assert.Equal(7UL, Vector(vm));
        Assert.Equal(UInt128.Zero, vm.Cpu.Architectural.Xmm[0]);
    }

    [Fact]
    public void Movaps_from_an_address_off_a_16_byte_boundary_raises_gp()
    {
        using var vm = SseGuest(a => a.movaps(xmm0, __xmmword_ptr[rax + 8]));

        Assert.Equal(13UL, Vector(vm));
    }

    [Fact]
    public void Movdqa_to_an_address_off_a_16_byte_boundary_raises_gp_and_writes_nothing()
    {
        using var vm = SseGuest(a => a.movdqa(__xmmword_ptr[rax + 4], xmm0));
        vm.Cpu.Architectural.Xmm[0] = UInt128.MaxValue;

        Assert.Equal(13UL, Vector(vm));
        Assert.Equal(0UL, Guest.ReadU64(vm, Data + 4));
    }

    [Fact]
    public void Movdqu_moves_16_bytes_at_any_alignment()
    {
        using var vm = SseGuest(a =>
        {
            a.movdqu(__xmmword_ptr[rax + 3], xmm1);
            a.movdqu(xmm2, __xmmword_ptr[rax + 3]);
        });
        var value = new UInt128(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210);
        vm.Cpu.Architectural.Xmm[1] = value;

        Assert.Equal(ulong.MaxValue, Vector(vm));
        Assert.Equal(value, vm.Cpu.Architectural.Xmm[2]);
        Assert.Equal(0xFEDC_BA98_7654_3210UL, Guest.ReadU64(vm, Data + 3));
    }

    [Fact]
    public void Packed_arithmetic_from_an_m128_off_a_16_byte_boundary_raises_gp()
    {
        using var vm = SseGuest(a => a.paddd(xmm0, __xmmword_ptr[rax + 4]));

        Assert.Equal(13UL, Vector(vm));
    }

    [Fact]
    public void Scalar_and_half_loads_accept_any_alignment()
    {
        using var vm = SseGuest(a =>
        {
            a.movsd(xmm0, __qword_ptr[rax + 4]);
            a.movhps(xmm0, __qword_ptr[rax + 12]);
        });

        Assert.Equal(ulong.MaxValue, Vector(vm));
    }

    [Fact]
    public void Movnti_stores_without_the_sse_checks()
    {
        using var vm = SseGuest(a =>
        {
            a.mov(ecx, 0x1234_5678);
            a.movnti(__dword_ptr[rax], ecx);
        });
        vm.Cpu.Cr4 &= ~Cr4Osfxsr;
        vm.Cpu.Cr0 |= Cr0Ts;

        Assert.Equal(ulong.MaxValue, Vector(vm));
        Assert.Equal(0x1234_5678UL, Guest.ReadU64(vm, Data));
    }

    [Fact]
    public void Maskmovdqu_running_past_the_canonical_boundary_raises_gp()
    {
        using var vm = SseGuest(a =>
        {
            a.mov(rdi, 0x0000_8000_0000_0000 - 8);
            a.maskmovdqu(xmm0, xmm1);
        });
        vm.Cpu.Architectural.Xmm[0] = UInt128.MaxValue;
        vm.Cpu.Architectural.Xmm[1] = UInt128.MaxValue;

        Assert.Equal(13UL, Vector(vm));
    }

    public static TheoryData<string> AlignedForms()
    {
        var table = VCpu.RegisterFamilies();
        var unaligned = new[] { Mnemonic.Movups, Mnemonic.Movupd, Mnemonic.Movdqu, Mnemonic.Maskmovdqu };
        return new TheoryData<string>(Enum.GetValues<Code>()
            .Where(c => table.FamilyOf(c) == "sse" && c.ToOpCode().MemorySize.GetSize() == 16 && !unaligned.Contains(c.Mnemonic()))
            .Select(c => c.ToString()));
    }

    [Theory]
    [MemberData(nameof(AlignedForms))]
    public void Every_m128_form_but_the_unaligned_moves_raises_gp_off_a_16_byte_boundary(string name)
    {
        var code = Enum.Parse<Code>(name);
        var opCode = code.ToOpCode();
        var kinds = Enumerable.Range(0, opCode.OpCount).Select(opCode.GetOpKind).ToArray();
        var instruction = SseIntegerDifferentialTests.Build(code, kinds, memory: true, imm: 0, new MemoryOperand(Register.RAX, 8));
        using var vm = SseGuest(a => a.AddInstruction(instruction));

        Assert.Equal(13UL, Vector(vm));
    }
}
