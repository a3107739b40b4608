using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>
/// FSIN, FCOS, FPTAN, FSINCOS, FPATAN, F2XM1, FYL2X and FYL2XP1 against the host. The library rounds
/// correctly; the SDM allows the hardware 1 ulp, so results must agree within 1 ulp (NaNs, zeros and
/// infinities exactly), with the same IE, DE and ZE and, for the trigonometric forms, the same C2.
/// </summary>
public class X87TranscendentalDifferentialTests
{
    private const ushort Compared = (ushort)(FpExceptions.Invalid | FpExceptions.Denormal | FpExceptions.ZeroDivide) | FpX87.C2;

    private delegate (FpValue St0, FpValue? St1, ushort Codes) Model(FpValue x, FpValue y, FpEnvironment env);

    private static readonly Dictionary<string, (Action<Assembler> Emit, Model Model, Func<FloatOperands, Extended80, Extended80> Domain)> Forms = new()
    {
        ["fsin"] = (a => a.fsin(), Trig(FpTranscendental.Trigonometric.Sine), Exponents(-70, 70)),
        ["fcos"] = (a => a.fcos(), Trig(FpTranscendental.Trigonometric.Cosine), Exponents(-70, 70)),
        ["fptan"] = (a => a.fptan(), Tangent, Exponents(-70, 70)),
        ["fsincos"] = (a => a.fsincos(), SineCosine, Exponents(-70, 70)),
        ["fpatan"] = (a => a.fpatan(), (x, y, env) => (FpTranscendental.Arctangent(y, x, env), null, 0), Exponents(-80, 80)),
        ["f2xm1"] = (a => a.f2xm1(), (x, _, env) => (FpTranscendental.TwoToXMinusOne(x, env), null, 0), Exponents(-80, -1, always: true)),
        ["fyl2x"] = (a => a.fyl2x(), (x, y, env) => (FpTranscendental.YLog2X(y, x, env), null, 0), Positive(Exponents(-200, 200))),
        ["fyl2xp1"] = (a => a.fyl2xp1(), (x, y, env) => (FpTranscendental.YLog2XPlusOne(y, x, env), null, 0), Exponents(-80, -3, always: true)),
    };

    public static TheoryData<string> Names => new(Forms.Keys);

    [HostFpuTheory]
    [MemberData(nameof(Names))]
    public void Transcendental_form_agrees_with_the_host_within_one_ulp(string form)
    {
        var (emit, model, domain) = Forms[form];
        using var host = HostFpu.X87(emit);
        FloatDifferential.Check(form, o =>
        {
            Extended80 x = domain(o, o.Extended()), y = o.Extended();
            var block = HostFpuBlock.Create();
            block.A = HostFpuBlock.FromExtended(x);
            block.B = HostFpuBlock.FromExtended(y);
            block.ControlWord = o.ControlWord();
            host.Run(ref block);
            var env = FpEnvironment.FromX87ControlWord(block.ControlWord);
            (FpValue st0, FpValue? st1, ushort codes) = model(x.Unpack(env), y.Unpack(env), env);
            ushort expectedStatus = (ushort)(((ushort)env.Flags | codes) & Compared), hostStatus = (ushort)(block.StatusWord & Compared);
            Extended80 expected0 = Extended80.Pack(st0);
            Extended80? expected1 = st1 is { } second ? Extended80.Pack(second) : null;
            bool close = WithinOneUlp(expected0, block.St0) && (expected1 is not { } e1 || WithinOneUlp(e1, block.St1));
            if (close && expectedStatus == hostStatus)
                return null;
            return $"  x={x} y={y} cw={block.ControlWord:X4}: host {block.St0} {block.St1} sw {hostStatus:X4}; library {expected0} {expected1} sw {expectedStatus:X4}";
        });
    }

    private static Model Trig(FpTranscendental.Trigonometric function) => (x, _, env) =>
        FpTranscendental.Trig(x, function, env, out FpValue result) ? (result, null, 0) : (x, null, FpX87.C2);

    private static (FpValue, FpValue?, ushort) Tangent(FpValue x, FpValue y, FpEnvironment env)
    {
        if (!FpTranscendental.Trig(x, FpTranscendental.Trigonometric.Tangent, env, out FpValue tangent))
            return (x, null, FpX87.C2);
        // FPTAN pushes 1.0 after the tangent, unless the operand was invalid (then the NaN stays in ST0 alone).
        return tangent.IsNaN ? (tangent, null, 0) : (new FpValue { Kind = FpKind.Finite, Significand = 1UL << 63 }, tangent, 0);
    }

    private static (FpValue, FpValue?, ushort) SineCosine(FpValue x, FpValue y, FpEnvironment env)
    {
        if (!FpTranscendental.Trig(x, FpTranscendental.Trigonometric.Sine, env, out FpValue sine))
            return (x, null, FpX87.C2);
        FpTranscendental.Trig(x, FpTranscendental.Trigonometric.Cosine, env, out FpValue cosine);
        return sine.IsNaN ? (sine, null, 0) : (cosine, sine, 0);
    }

    /// <summary>
    /// A normal operand's exponent moved into [low, high], the function's domain: in one case of two, or
    /// <paramref name="always"/> where the SDM leaves results outside it undefined (F2XM1, FYL2XP1).
    /// </summary>
    private static Func<FloatOperands, Extended80, Extended80> Exponents(int low, int high, bool always = false) => (o, a) =>
        (!always && o.Random.Next(2) == 0) || (a.Significand >> 63) == 0 || (a.SignExponent & 0x7FFF) is 0 or 0x7FFF ? a
            : new Extended80((ushort)((a.SignExponent & 0x8000) | (16383 + o.Random.Next(low, high + 1))), a.Significand);

    private static Func<FloatOperands, Extended80, Extended80> Positive(Func<FloatOperands, Extended80, Extended80> domain) => (o, a) =>
    {
        Extended80 x = domain(o, a);
        return o.Random.Next(4) == 0 ? x : x with { SignExponent = (ushort)(x.SignExponent & 0x7FFF) };
    };

    /// <summary>Same encoding, or finite values of one sign whose encodings are adjacent.</summary>
    internal static bool WithinOneUlp(Extended80 a, Extended80 b)
    {
        if (a == b)
            return true;
        if ((a.SignExponent & 0x8000) != (b.SignExponent & 0x8000) || (a.SignExponent & 0x7FFF) == 0x7FFF || (b.SignExponent & 0x7FFF) == 0x7FFF)
            return false;
        return Int128.Abs(Ordinal(a) - Ordinal(b)) <= 1;
    }

    private static Int128 Ordinal(Extended80 value)
    {
        int field = value.SignExponent & 0x7FFF;
        return field == 0 ? value.Significand : ((Int128)(field - 1) << 63) + value.Significand;
    }
}
