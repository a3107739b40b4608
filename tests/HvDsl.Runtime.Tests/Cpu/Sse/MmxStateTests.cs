using System;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>MMX registers alias the x87 significands: the checks, the x87-to-MMX transition, EMMS, and MMX forms' independence from CR4.OSFXSR.</summary>
public sealed class MmxStateTests
{
    private const ulong Cr0Em = 1 << 2, Cr0Ts = 1 << 3, Cr0Ne = 1 << 5, Cr4Osfxsr = 1 << 9;

    private static ulong Vector(Vm vm)
    {
        Guest.RunToHalt(vm);
        return vm.Cpu.GetRegister(Register.RDI);
    }

    [Fact]
    public void Mmx_instruction_sets_top_to_zero_every_tag_valid_and_the_written_register_exponent_to_all_ones()
    {
        using var vm = SseAvailabilityTests.SseGuest(a => a.paddb(mm3, mm2));
        ref var s = ref vm.Cpu.Architectural;
        (s.Fsw, s.Ftw) = (0x3800, 0xFFFF);
        s.St[2].Significand = 0x0101_0101_0101_0101;
        s.St[3].Significand = 0x0202_0202_0202_0202;

        Assert.Equal(ulong.MaxValue, Vector(vm));
        Assert.Equal(0, s.Fsw & 0x3800);
        Assert.Equal(0, s.Ftw);
        Assert.Equal(0x0303_0303_0303_0303UL, s.St[3].Significand);
        Assert.Equal(0xFFFF, s.St[3].SignExponent);
    }

    [Fact]
    public void Emms_marks_every_x87_register_empty()
    {
        using var vm = SseAvailabilityTests.SseGuest(a =>
        {
            a.movq(mm0, rax);
            a.emms();
        });

        Assert.Equal(ulong.MaxValue, Vector(vm));
        Assert.Equal(0xFFFF, vm.Cpu.Architectural.Ftw);
    }

    [Fact]
    public void Mmx_instruction_runs_without_cr4_osfxsr()
    {
        using var vm = SseAvailabilityTests.SseGuest(a => a.movd(mm1, eax));
        vm.Cpu.Cr4 &= ~Cr4Osfxsr;

        Assert.Equal(ulong.MaxValue, Vector(vm));
        Assert.Equal(0x200000UL, vm.Cpu.Architectural.St[1].Significand);
    }

    [Fact]
    public void Mmx_instruction_with_cr0_em_raises_ud()
    {
        using var vm = SseAvailabilityTests.SseGuest(a => a.pxor(mm0, mm0));
        vm.Cpu.Cr0 |= Cr0Em;

        Assert.Equal(6UL, Vector(vm));
    }

    [Fact]
    public void Mmx_instruction_with_cr0_ts_raises_nm_before_the_transition()
    {
        using var vm = SseAvailabilityTests.SseGuest(a => a.pxor(mm0, mm0));
        vm.Cpu.Cr0 |= Cr0Ts;
        vm.Cpu.Architectural.Fsw = 0x3800;

        Assert.Equal(7UL, Vector(vm));
        Assert.Equal(0x3800, vm.Cpu.Architectural.Fsw);
    }

    [Fact]
    public void Mmx_instruction_with_an_unmasked_x87_exception_pending_raises_mf_under_cr0_ne()
    {
        using var vm = SseAvailabilityTests.SseGuest(a => a.por(mm0, mm1));
        vm.Cpu.Cr0 |= Cr0Ne;
        ref var s = ref vm.Cpu.Architectural;
        (s.Fcw, s.Fsw) = (0x037E, 0x8081); // IE unmasked and flagged: ES and B set

        Assert.Equal(16UL, Vector(vm));
    }

    [Fact]
    public void Movq2dq_checks_cr4_osfxsr_as_an_sse_instruction()
    {
        using var vm = SseAvailabilityTests.SseGuest(a => a.movq2dq(xmm0, mm0));
        vm.Cpu.Cr4 &= ~Cr4Osfxsr;

        Assert.Equal(6UL, Vector(vm));
    }
}
