using System;
using HvDsl.Runtime.Tests.Cpu.X87;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>
/// What the host harness cannot run: unmasked SIMD floating-point exceptions (SDM vol. 1, 11.5.3) raise #XM with
/// CR4.OSXMMEXCPT and #UD without it, leave the destination unchanged, and report only the pre-computation flags
/// when one of those stopped the instruction.
/// </summary>
public sealed class SseFloatExceptionTests
{
    private const ulong Cr4Osfxsr = 1 << 9, Cr4Osxmmexcpt = 1 << 10;
    private const uint Mxcsr = 0x1F80, InvalidMask = 1 << 7, PrecisionMask = 1 << 12;
    private const uint Invalid = 1, ZeroDivide = 4, Precision = 32;
    private const uint One = 0x3F80_0000, Three = 0x4040_0000, SignalingNaN = 0x7F80_0001;

    /// <summary>Two binary32 ones, for the high elements of a divisor.</summary>
    private static readonly UInt128 Ones = (UInt128)One << 32 | One;

    /// <summary>A guest running <paramref name="program"/> under <paramref name="mxcsr"/> with XMM0 and XMM1 preset; RDI is the vector of a #UD, #NM or #XM, else -1.</summary>
    private static Vm Run(Action<Assembler> program, uint mxcsr, UInt128 xmm0, UInt128 xmm1, bool osxmmexcpt = true)
    {
        var vm = X87ControlTests.LongGuest(program, 6, 7, 19);
        vm.Cpu.Cr4 |= Cr4Osfxsr | (osxmmexcpt ? Cr4Osxmmexcpt : 0);
        vm.Cpu.Architectural.Mxcsr = mxcsr;
        vm.Cpu.Architectural.Xmm[0] = xmm0;
        vm.Cpu.Architectural.Xmm[1] = xmm1;
        Guest.RunToHalt(vm);
        return vm;
    }

    private static ulong Vector(Vm vm) => vm.Cpu.GetRegister(Register.RDI);

    [Fact]
    public void Unmasked_invalid_operation_raises_xm_and_leaves_the_destination()
    {
        using var vm = Run(a => a.divps(xmm0, xmm1), Mxcsr & ~InvalidMask, xmm0: 0, xmm1: 0);

        Assert.Equal(19UL, Vector(vm));
        Assert.Equal(UInt128.Zero, vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Mxcsr & ~InvalidMask | Invalid, vm.Cpu.Architectural.Mxcsr);
    }

    [Fact]
    public void Unmasked_exception_without_cr4_osxmmexcpt_raises_ud()
    {
        using var vm = Run(a => a.divss(xmm0, xmm1), Mxcsr & ~InvalidMask, xmm0: 0, xmm1: 0, osxmmexcpt: false);

        Assert.Equal(6UL, Vector(vm));
        Assert.Equal(UInt128.Zero, vm.Cpu.Architectural.Xmm[0]);
    }

    [Fact]
    public void Unmasked_precision_is_raised_after_the_result_is_known_and_the_destination_stays()
    {
        using var vm = Run(a => a.divss(xmm0, xmm1), Mxcsr & ~PrecisionMask, xmm0: One, xmm1: Three);

        Assert.Equal(19UL, Vector(vm));
        Assert.Equal((UInt128)One, vm.Cpu.Architectural.Xmm[0]);
        Assert.Equal(Mxcsr & ~PrecisionMask | Precision, vm.Cpu.Architectural.Mxcsr);
    }

    [Fact]
    public void Unmasked_pre_computation_exception_in_one_element_reports_no_post_computation_flag_of_another()
    {
        // Element 0: SNaN / 1 (IE, unmasked); element 1: 1 / 3 (PE, masked); elements 2 and 3: 0 / 1.
        using var vm = Run(a => a.divps(xmm0, xmm1), Mxcsr & ~InvalidMask,
            xmm0: (UInt128)One << 32 | SignalingNaN, xmm1: Ones << 64 | (UInt128)Three << 32 | One);

        Assert.Equal(19UL, Vector(vm));
        Assert.Equal(Mxcsr & ~InvalidMask | Invalid, vm.Cpu.Architectural.Mxcsr);
    }

    [Fact]
    public void Masked_flags_of_every_element_are_ored_and_the_result_written()
    {
        // Element 0: 1 / 3 (PE); element 1: 1 / 0 (ZE); elements 2 and 3: 0 / 1.
        using var vm = Run(a => a.divps(xmm0, xmm1), Mxcsr, xmm0: (UInt128)One << 32 | One, xmm1: Ones << 64 | Three);

        Assert.Equal(ulong.MaxValue, Vector(vm));
        Assert.Equal(Mxcsr | Precision | ZeroDivide, vm.Cpu.Architectural.Mxcsr);
        Assert.Equal(0x7F80_0000UL, (ulong)(vm.Cpu.Architectural.Xmm[0] >> 32));
    }

    [Fact]
    public void Comiss_with_an_unmasked_invalid_qnan_compare_raises_xm_and_leaves_rflags()
    {
        using var vm = Run(a =>
        {
            a.xor(ecx, ecx);
            a.comiss(xmm0, xmm1);
        }, Mxcsr & ~InvalidMask, xmm0: 0x7FC0_0000, xmm1: One);

        Assert.Equal(19UL, Vector(vm));
        Assert.Equal(0x44UL, vm.Cpu.RFlags & 0x8D5); // ZF and PF from the XOR, not COMISS's unordered ZF/PF/CF
    }

    [Fact]
    public void Cvttss2si_with_an_unmasked_inexact_result_leaves_the_register()
    {
        using var vm = Run(a =>
        {
            a.mov(ecx, 7);
            a.cvttss2si(ecx, xmm1);
        }, Mxcsr & ~PrecisionMask, xmm0: 0, xmm1: 0x3FC0_0000);

        Assert.Equal(19UL, Vector(vm));
        Assert.Equal(7UL, vm.Cpu.GetRegister(Register.RCX));
    }
}
