using System;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>CVTSS2SD, CVTSD2SS and the integer conversions, rounding and truncating, against the host.</summary>
public class SseConversionDifferentialTests
{
    [HostFpuFact]
    public void Cvtss2sd_matches_the_host()
    {
        using var host = HostFpu.Sse(a => a.cvtss2sd(xmm0, xmm1));
        FloatDifferential.Check("cvtss2sd", o =>
        {
            Float32 b = o.Single();
            return SseCase.Scalar(host, o, 0, b.Bits, ulong.MaxValue, env => SoftFloat.Convert<Float32, Float64>(b, env).Bits);
        });
    }

    [HostFpuFact]
    public void Cvtsd2ss_matches_the_host()
    {
        using var host = HostFpu.Sse(a => a.cvtsd2ss(xmm0, xmm1));
        FloatDifferential.Check("cvtsd2ss", o =>
        {
            Float64 b = o.Double();
            return SseCase.Scalar(host, o, 0, b.Bits, 0xFFFF_FFFF, env => SoftFloat.Convert<Float64, Float32>(b, env).Bits);
        });
    }

    [HostFpuTheory]
    [InlineData(32, false, false)]
    [InlineData(64, false, false)]
    [InlineData(32, true, false)]
    [InlineData(64, true, false)]
    [InlineData(32, false, true)]
    [InlineData(64, false, true)]
    [InlineData(32, true, true)]
    [InlineData(64, true, true)]
    public void Float_to_integer_conversion_matches_the_host(int bits, bool truncate, bool fromDouble)
    {
        using var host = HostFpu.Sse(a =>
        {
            switch ((bits, truncate, fromDouble))
            {
                case (32, false, false): a.cvtss2si(eax, xmm1); break;
                case (64, false, false): a.cvtss2si(rax, xmm1); break;
                case (32, true, false): a.cvttss2si(eax, xmm1); break;
                case (64, true, false): a.cvttss2si(rax, xmm1); break;
                case (32, false, true): a.cvtsd2si(eax, xmm1); break;
                case (64, false, true): a.cvtsd2si(rax, xmm1); break;
                case (32, true, true): a.cvttsd2si(eax, xmm1); break;
                default: a.cvttsd2si(rax, xmm1); break;
            }
        });
        FloatDifferential.Check($"cvt{(truncate ? "t" : "")}s{(fromDouble ? "d" : "s")}2si{bits}", o =>
        {
            ulong b = fromDouble ? o.Double().Bits : o.Single().Bits;
            return SseCase.Integer(host, o, 0, b, 0x5555_5555_5555_5555, env =>
            {
                long value = fromDouble ? SoftFloat.ToInteger(new Float64(b), bits, truncate, env) : SoftFloat.ToInteger(new Float32((uint)b), bits, truncate, env);
                return (bits == 32 ? (uint)value : (ulong)value, null);
            });
        });
    }

    [HostFpuTheory]
    [InlineData(32, false)]
    [InlineData(64, false)]
    [InlineData(32, true)]
    [InlineData(64, true)]
    public void Integer_to_float_conversion_matches_the_host(int bits, bool toDouble)
    {
        using var host = HostFpu.Sse(a =>
        {
            switch ((bits, toDouble))
            {
                case (32, false): a.cvtsi2ss(xmm0, eax); break;
                case (64, false): a.cvtsi2ss(xmm0, rax); break;
                case (32, true): a.cvtsi2sd(xmm0, eax); break;
                default: a.cvtsi2sd(xmm0, rax); break;
            }
        });
        FloatDifferential.Check($"cvtsi{bits}2s{(toDouble ? "d" : "s")}", o =>
        {
            long value = o.Random.Next(3) switch
            {
                0 => o.Random.Next(-100000, 100000),
                1 => o.Random.NextInt64() >> o.Random.Next(64),
                _ => -(o.Random.NextInt64() >> o.Random.Next(64)),
            };
            if (bits == 32)
                value = (int)value;
            ulong rax = (ulong)value;
            return SseCase.Scalar(host, o, 0, 0, toDouble ? ulong.MaxValue : 0xFFFF_FFFF,
                env => toDouble ? SoftFloat.FromInteger<Float64>(value, env).Bits : SoftFloat.FromInteger<Float32>(value, env).Bits, rax);
        });
    }
}
