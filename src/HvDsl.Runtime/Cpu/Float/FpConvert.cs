using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu.Float;

// crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.
/// <summary>Conversions between the formats, to and from integers, and rounding to an integral value.</summary>
internal static class FpConvert
{
    /// <summary>
    /// A value rounded into <paramref name="target"/> (CVTSS2SD, CVTSD2SS, FLD m32, FST m64 ...). DE is raised for a
    /// denormal source unless <paramref name="sourceIsExtended"/> under x87 rules: FST from a register never raises DE.
    /// </summary>
    public static FpValue ToFormat(FpValue a, FpFormat target, bool sourceIsExtended, FpEnvironment env)
    {
        if (FpNaN.Special(a, env, out FpValue special))
            return special;
        if (a.Kind is FpKind.Zero or FpKind.Infinity)
            return a;
        if (!(sourceIsExtended && env.Flavor == FpFlavor.X87) && FpArithmetic.Denormals(a, a, env))
            return FpValue.Indefinite;
        return FpArithmetic.Exact(a, target, target.Precision, env);
    }

    /// <summary>A signed integer rounded into <paramref name="target"/> at <paramref name="precision"/> bits (CVTSI2SS, FILD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FpValue FromInteger(long value, FpFormat target, int precision, FpEnvironment env)
    {
        UInt128 magnitude = value < 0 ? (UInt128)(0UL - (ulong)value) : (UInt128)(ulong)value;
        return FpRounder.Round(value < 0, magnitude, 0, target, precision, env);
    }

    /// <summary>
    /// A value rounded (or truncated) to a signed integer of <paramref name="bits"/> bits; NaN, infinity and
    /// out-of-range values raise IE and give the integer indefinite (only the sign bit set).
    /// </summary>
    public static long ToInteger(FpValue a, int bits, bool truncate, FpEnvironment env)
    {
        long indefinite = long.MinValue >> (64 - bits);
        env.RoundedUp = false;
        if (a.Kind is FpKind.Unsupported or FpKind.QuietNaN or FpKind.SignalingNaN or FpKind.Infinity)
        {
            env.Raise(FpExceptions.Invalid);
            return indefinite;
        }
        if (a.Kind == FpKind.Zero)
            return 0;
        var part = IntegerPart(a, truncate ? FpRounding.TowardZero : env.Rounding);
        UInt128 limit = UInt128.One << (bits - 1);
        if (part.Huge || part.Magnitude > limit || (part.Magnitude == limit && !a.Sign))
        {
            env.Raise(FpExceptions.Invalid);
            return indefinite;
        }
        if (part.Inexact)
            env.Raise(FpExceptions.Precision);
        env.RoundedUp = part.Incremented;
        ulong magnitude = (ulong)part.Magnitude;
        return a.Sign ? (long)(0UL - magnitude) : (long)magnitude;
    }

    /// <summary>A value rounded to an integral value in its own format (FRNDINT, ROUNDSS); PE when inexact unless suppressed (ROUNDSS imm bit 3).</summary>
    public static FpValue RoundToIntegral(FpValue a, FpFormat format, FpRounding rounding, bool suppressPrecision, FpEnvironment env)
    {
        env.RoundedUp = false;
        if (FpNaN.Special(a, env, out FpValue special))
            return special;
        if (a.Kind is FpKind.Zero or FpKind.Infinity)
            return a;
        // FRNDINT reports a denormal operand; ROUNDSS/ROUNDSD list only IE and PE (and the host agrees).
        if (env.Flavor == FpFlavor.X87 && FpArithmetic.Denormals(a, a, env))
            return FpValue.Indefinite;
        if (a.Exponent >= 63)
            return a;
        var part = IntegerPart(a, rounding);
        if (part.Inexact && !suppressPrecision)
            env.Raise(FpExceptions.Precision);
        FpValue result = part.Magnitude == UInt128.Zero
            ? FpValue.Zero(a.Sign)
            : FpRounder.Round(a.Sign, part.Magnitude, 0, format, format.Precision, env);
        env.RoundedUp = part.Incremented;
        return result;
    }

    /// <summary>The magnitude of a finite nonzero value rounded to an integer.</summary>
    public static IntegerRounding IntegerPart(in FpValue a, FpRounding rounding)
    {
        if (a.Exponent >= 127)
            return new IntegerRounding(UInt128.Zero, false, false, true);
        if (a.Exponent >= 63)
            return new IntegerRounding((UInt128)a.Significand << (a.Exponent - 63), false, false, false);
        if (a.Exponent < -1)
            return Fraction(a.Sign, rounding, nearestRoundsUp: false);
        if (a.Exponent == -1)
            return Fraction(a.Sign, rounding, nearestRoundsUp: a.Significand != 1UL << 63);
        int drop = 63 - a.Exponent;
        ulong unit = 1UL << drop;
        ulong kept = a.Significand >> drop;
        ulong remainder = a.Significand & (unit - 1);
        bool up = FpRounder.Increments(rounding, a.Sign, (kept & 1) != 0, remainder, unit >> 1);
        return new IntegerRounding((UInt128)kept + (up ? UInt128.One : UInt128.Zero), remainder != 0, up, false);
    }

    /// <summary>A magnitude below one: zero, or one when the rounding goes away from zero.</summary>
    private static IntegerRounding Fraction(bool sign, FpRounding rounding, bool nearestRoundsUp)
    {
        bool up = rounding switch
        {
            FpRounding.Nearest => nearestRoundsUp,
            FpRounding.Up => !sign,
            FpRounding.Down => sign,
            _ => false,
        };
        return new IntegerRounding(up ? UInt128.One : UInt128.Zero, true, up, false);
    }

    /// <summary>An integer magnitude, whether rounding lost bits or increased it, and whether it exceeds 128 bits.</summary>
    internal readonly record struct IntegerRounding(UInt128 Magnitude, bool Inexact, bool Incremented, bool Huge);
}
