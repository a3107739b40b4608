using System;
using HvDsl.Runtime.Cpu.Float;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>One SSE case: operands and MXCSR generated, the host snippet run, the library's result and flags compared.</summary>
internal static class SseCase
{
    /// <summary>A binary32 operation: XMM0 = A, XMM1 = B; the low dword of XMM0 and MXCSR's flags are compared.</summary>
    public static string? Single(HostFpu host, FloatOperands o, Func<Float32, Float32, FpEnvironment, Float32> model)
    {
        (ulong a, ulong b) = o.RelatedBinary(23, 8, o.Single().Bits, o.Single().Bits);
        return Scalar(host, o, a, b, 0xFFFF_FFFF, (env) => model(new Float32((uint)a), new Float32((uint)b), env).Bits);
    }

    /// <summary>A binary64 operation: the low qword of XMM0 and MXCSR's flags are compared.</summary>
    public static string? Double(HostFpu host, FloatOperands o, Func<Float64, Float64, FpEnvironment, Float64> model)
    {
        (ulong a, ulong b) = o.RelatedBinary(52, 11, o.Double().Bits, o.Double().Bits);
        return Scalar(host, o, a, b, ulong.MaxValue, (env) => model(new Float64(a), new Float64(b), env).Bits);
    }

    /// <summary>An operation with an integer result in RAX (conversions) or RFLAGS (COMISS): <paramref name="model"/> gives both, null flags when it leaves them alone.</summary>
    public static string? Integer(HostFpu host, FloatOperands o, ulong a, ulong b, ulong rax, Func<FpEnvironment, (ulong Rax, ulong? Flags)> model)
    {
        (HostFpuBlock block, uint mxcsr, FpEnvironment env) = RunOnHost(host, o, a, b, rax);
        (ulong expectedRax, ulong? modelFlags) = model(env);
        const ulong statusFlags = 0x8D5;
        ulong hostFlags = block.Flags & statusFlags, expectedFlags = modelFlags ?? hostFlags;
        if (block.Integer == expectedRax && (block.Mxcsr & 0x3F) == (uint)env.Flags && hostFlags == (expectedFlags & statusFlags))
            return null;
        return $"  a={a:X16} b={b:X16} rax={rax:X16} mxcsr={mxcsr:X4}: host rax {block.Integer:X16} rflags {hostFlags:X3} flags {block.Mxcsr & 0x3F:X2}; "
            + $"library rax {expectedRax:X16} rflags {expectedFlags & statusFlags:X3} flags {(int)env.Flags:X2}";
    }

    /// <summary>A result in XMM0 (conversions to a float) from an integer in RAX or a float in XMM1.</summary>
    public static string? Scalar(HostFpu host, FloatOperands o, ulong a, ulong b, ulong resultMask, Func<FpEnvironment, ulong> model, ulong rax = 0)
    {
        (HostFpuBlock block, uint mxcsr, FpEnvironment env) = RunOnHost(host, o, a, b, rax);
        ulong expected = model(env) & resultMask;
        ulong actual = (ulong)block.Result & resultMask;
        if (actual == expected && (block.Mxcsr & 0x3F) == (uint)env.Flags)
            return null;
        return $"  a={a:X16} b={b:X16} rax={rax:X16} mxcsr={mxcsr:X4}: host {actual:X16} flags {block.Mxcsr & 0x3F:X2}; library {expected:X16} flags {(int)env.Flags:X2}";
    }

    /// <summary>Runs the snippet on A, B and RAX under a generated MXCSR; the environment is that MXCSR's, for the library.</summary>
    private static (HostFpuBlock Block, uint Mxcsr, FpEnvironment Env) RunOnHost(HostFpu host, FloatOperands o, ulong a, ulong b, ulong rax)
    {
        uint mxcsr = o.Mxcsr();
        var block = HostFpuBlock.Create();
        block.A = a;
        block.B = b;
        block.Integer = rax;
        block.Mxcsr = mxcsr;
        host.Run(ref block);
        return (block, mxcsr, FpEnvironment.FromMxcsr(mxcsr));
    }
}
