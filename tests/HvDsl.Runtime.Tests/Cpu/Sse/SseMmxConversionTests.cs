using System;
using HvDsl.Runtime.Tests.Cpu.X87;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>
/// The conversions with an MMX register operand give what their XMM counterparts (checked against the host) give for
/// two elements, make the x87-to-MMX transition (TOP 0, every tag valid), and fault as MMX instructions do.
/// </summary>
public sealed class SseMmxConversionTests
{
    private const ulong Cr4Osfxsr = 1 << 9, Cr0Ne = 1 << 5;
    private static readonly UInt128 Singles = new(0x4B00_0001_C0C0_0000, 0xC020_0000_3FC0_0000); // 1.5, -2.5, -6, 2^23 + 1
    private static readonly UInt128 Doubles = new(0xC004_0000_0000_0000, 0x41E0_0000_0000_0000); // 2^31 (out of range), -2.5

    private static Vm Run(Action<Assembler> program, Action<Vm>? setup = null)
    {
        var vm = X87ControlTests.LongGuest(program, 6, 7, 16, 19);
        vm.Cpu.Cr4 |= Cr4Osfxsr;
        vm.Cpu.Architectural.Fsw = 0x2800; // TOP = 5
        vm.Cpu.Architectural.Ftw = 0xFFFF;
        setup?.Invoke(vm);
        Guest.RunToHalt(vm);
        return vm;
    }

    private static void AssertMmxMode(Vm vm)
    {
        Assert.Equal(0, (vm.Cpu.Architectural.Fsw >> 11) & 7);
        Assert.Equal(0, vm.Cpu.Architectural.Ftw);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cvtps2pi_writes_the_low_two_cvtps2dq_results_into_an_mmx_register(bool truncate)
    {
        using var vm = Run(a =>
        {
            if (truncate)
            {
                a.cvttps2pi(mm3, xmm1);
                a.cvttps2dq(xmm2, xmm1);
            }
            else
            {
                a.cvtps2pi(mm3, xmm1);
                a.cvtps2dq(xmm2, xmm1);
            }
        }, vm => vm.Cpu.Architectural.Xmm[1] = Singles);

        Assert.Equal(ulong.MaxValue, vm.Cpu.GetRegister(Register.RDI));
        Assert.Equal((ulong)vm.Cpu.Architectural.Xmm[2], vm.Cpu.Architectural.St[3].Significand);
        Assert.Equal((ushort)0xFFFF, vm.Cpu.Architectural.St[3].SignExponent);
        AssertMmxMode(vm);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cvtpd2pi_writes_the_cvtpd2dq_results_into_an_mmx_register(bool truncate)
    {
        using var vm = Run(a =>
        {
            if (truncate)
            {
                a.cvttpd2pi(mm0, xmm1);
                a.cvttpd2dq(xmm2, xmm1);
            }
            else
            {
                a.cvtpd2pi(mm0, xmm1);
                a.cvtpd2dq(xmm2, xmm1);
            }
        }, vm => vm.Cpu.Architectural.Xmm[1] = Doubles);

        Assert.Equal((ulong)vm.Cpu.Architectural.Xmm[2], vm.Cpu.Architectural.St[0].Significand);
        Assert.Equal(0x8000_0000UL, vm.Cpu.Architectural.St[0].Significand & 0xFFFF_FFFF); // 2^31: the integer indefinite
        Assert.Equal(1u, vm.Cpu.Architectural.Mxcsr & 1);
        AssertMmxMode(vm);
    }

    [Fact]
    public void Cvtpi2ps_from_an_mmx_register_converts_two_integers_and_keeps_the_high_half()
    {
        using var vm = Run(a =>
        {
            a.cvtpi2ps(xmm0, mm1);
            a.cvtdq2ps(xmm2, xmm3);
        }, vm =>
        {
            vm.Cpu.Architectural.St[1].Significand = 0xFFFF_FFFD_0100_0001; // -3, 2^24 + 1 (inexact)
            vm.Cpu.Architectural.Xmm[3] = 0xFFFF_FFFD_0100_0001;
            vm.Cpu.Architectural.Xmm[0] = new UInt128(0x1234_5678_9ABC_DEF0, 0);
        });

        Assert.Equal((ulong)vm.Cpu.Architectural.Xmm[2], (ulong)vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(0x1234_5678_9ABC_DEF0UL, (ulong)(vm.Cpu.Architectural.Xmm[0] >> 64));
        AssertMmxMode(vm);
    }

    [Fact]
    public void Cvtpi2pd_from_an_mmx_register_converts_two_integers_exactly()
    {
        using var vm = Run(a =>
        {
            a.cvtpi2pd(xmm0, mm2);
            a.cvtdq2pd(xmm2, xmm3);
        }, vm =>
        {
            vm.Cpu.Architectural.St[2].Significand = 0x8000_0000_7FFF_FFFF;
            vm.Cpu.Architectural.Xmm[3] = 0x8000_0000_7FFF_FFFF;
        });

        Assert.Equal(vm.Cpu.Architectural.Xmm[2], vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(0u, vm.Cpu.Architectural.Mxcsr & 0x3F);
        AssertMmxMode(vm);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cvtpi2ps_and_cvtpi2pd_from_memory_leave_the_x87_stack_and_tags(bool toDouble)
    {
        using var vm = Run(a =>
        {
            if (toDouble)
                a.cvtpi2pd(xmm0, __qword_ptr[rax]);
            else
                a.cvtpi2ps(xmm0, __qword_ptr[rax]);
        });

        Assert.Equal((ushort)0x2800, vm.Cpu.Architectural.Fsw);
        Assert.Equal((ushort)0xFFFF, vm.Cpu.Architectural.Ftw);
    }

    [Fact]
    public void Mmx_conversion_with_an_unmasked_x87_exception_pending_raises_mf()
    {
        using var vm = Run(a => a.cvtpi2ps(xmm0, mm1), vm =>
        {
            vm.Cpu.Cr0 |= Cr0Ne;
            vm.Cpu.Architectural.Fsw = 0x0081; // IE with ES
            vm.Cpu.Architectural.Fcw = 0x037E; // IM clear
        });

        Assert.Equal(16UL, vm.Cpu.GetRegister(Register.RDI));
    }
}
