using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu.Float;

// crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.
/// <summary>
/// Rounds an exact value to a format: the four rounding modes, a significand precision (x87 PC),
/// tininess detected after rounding (as x86 does), denormal results, masked and unmasked overflow
/// and underflow, and SSE's FTZ.
/// </summary>
internal static class FpRounder
{
    /// <summary>
    /// Rounds m × 2^q (exact, or with a sticky bit ORed into bit 0) to <paramref name="precision"/> significand
    /// bits within <paramref name="format"/>'s exponent range, raising OE, UE and PE in <paramref name="env"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FpValue Round(bool sign, UInt128 m, int q, FpFormat format, int precision, FpEnvironment env)
    {
        env.RoundedUp = false;
        if (m == UInt128.Zero)
            return FpValue.Zero(sign);
        int leading = (int)UInt128.LeadingZeroCount(m);
        m <<= leading;
        int exponent = q + 127 - leading;
        var unbounded = RoundBits(m, precision, sign, env.Rounding);
        int roundedExponent = exponent + (unbounded.Carry ? 1 : 0);
        if (roundedExponent > format.MaxExponent)
            return Overflow(sign, unbounded, roundedExponent, format, precision, env);
        if (roundedExponent >= format.MinExponent)
        {
            if (unbounded.Inexact)
                env.Raise(FpExceptions.Precision);
            env.RoundedUp = unbounded.Incremented;
            return Finite(sign, roundedExponent, unbounded.Bits);
        }
        if ((env.Masks & FpExceptions.Underflow) == 0)
        {
            // Unmasked: UE for any tiny result; x87 then delivers it scaled up by 2^BiasAdjust, or zero (inexact) when even that is tiny.
            if (roundedExponent + format.BiasAdjust < format.MinExponent)
            {
                env.Raise(FpExceptions.Underflow | FpExceptions.Precision);
                env.RoundedUp = false;
                return FpValue.Zero(sign);
            }
            env.Raise(FpExceptions.Underflow | (unbounded.Inexact ? FpExceptions.Precision : 0));
            env.RoundedUp = unbounded.Incremented;
            return Finite(sign, roundedExponent + format.BiasAdjust, unbounded.Bits);
        }
        if (env.FlushToZero && env.Flavor == FpFlavor.Sse)
        {
            env.Raise(FpExceptions.Underflow | FpExceptions.Precision);
            return FpValue.Zero(sign);
        }
        var denormal = RoundBits(ShiftRightSticky(m, format.MinExponent - exponent), precision, sign, env.Rounding);
        if (denormal.Inexact)
            env.Raise(FpExceptions.Underflow | FpExceptions.Precision);
        env.RoundedUp = denormal.Incremented;
        if (denormal.Bits == UInt128.Zero)
            return FpValue.Zero(sign);
        // A carry into bit 127 made it the smallest normal; PackBinary/PackExtended see the integer bit.
        return new FpValue { Sign = sign, Kind = FpKind.Finite, Exponent = format.MinExponent, Significand = (ulong)(denormal.Bits >> 64) };
    }

    /// <summary>m shifted right by <paramref name="count"/> with every lost bit ORed into bit 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UInt128 ShiftRightSticky(UInt128 m, int count)
    {
        if (count <= 0)
            return m;
        if (count >= 128)
            return m == UInt128.Zero ? UInt128.Zero : UInt128.One;
        UInt128 lost = m & ((UInt128.One << count) - 1);
        return (m >> count) | (lost != UInt128.Zero ? UInt128.One : UInt128.Zero);
    }

    /// <summary>Whether a value with the given lowest kept bit, remainder and half-unit rounds away from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Increments(FpRounding rounding, bool sign, bool lowestKeptBit, UInt128 remainder, UInt128 half) => rounding switch
    {
        FpRounding.Nearest => remainder > half || (remainder == half && lowestKeptBit),
        FpRounding.Up => remainder != UInt128.Zero && !sign,
        FpRounding.Down => remainder != UInt128.Zero && sign,
        _ => false,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static FpValue Finite(bool sign, int exponent, UInt128 bits) =>
        new() { Sign = sign, Kind = FpKind.Finite, Exponent = exponent, Significand = (ulong)(bits >> 64) };

    private static FpValue Overflow(bool sign, Rounded unbounded, int exponent, FpFormat format, int precision, FpEnvironment env)
    {
        if ((env.Masks & FpExceptions.Overflow) == 0)
        {
            // Unmasked: scaled down by 2^BiasAdjust, or infinity (inexact, rounded up) when even that overflows (FSCALE).
            if (exponent - format.BiasAdjust > format.MaxExponent)
            {
                env.Raise(FpExceptions.Overflow | FpExceptions.Precision);
                env.RoundedUp = true;
                return FpValue.Infinity(sign);
            }
            env.Raise(FpExceptions.Overflow | (unbounded.Inexact ? FpExceptions.Precision : 0));
            env.RoundedUp = unbounded.Incremented;
            return Finite(sign, exponent - format.BiasAdjust, unbounded.Bits);
        }
        env.Raise(FpExceptions.Overflow | FpExceptions.Precision);
        bool toInfinity = env.Rounding == FpRounding.Nearest
            || (env.Rounding == FpRounding.Up && !sign) || (env.Rounding == FpRounding.Down && sign);
        env.RoundedUp = toInfinity;
        if (toInfinity)
            return FpValue.Infinity(sign);
        return new FpValue { Sign = sign, Kind = FpKind.Finite, Exponent = format.MaxExponent, Significand = ulong.MaxValue << (64 - precision) };
    }

    /// <summary>Keeps the top <paramref name="precision"/> bits of m; a carry out of bit 127 returns 2^127 with <see cref="Rounded.Carry"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Rounded RoundBits(UInt128 m, int precision, bool sign, FpRounding rounding)
    {
        int drop = 128 - precision;
        UInt128 unit = UInt128.One << drop;
        UInt128 remainder = m & (unit - 1);
        UInt128 kept = m & ~(unit - 1);
        bool inexact = remainder != UInt128.Zero;
        if (!Increments(rounding, sign, (kept & unit) != UInt128.Zero, remainder, unit >> 1))
            return new Rounded(kept, false, inexact, false);
        kept += unit;
        return kept == UInt128.Zero ? new Rounded(UInt128.One << 127, true, inexact, true) : new Rounded(kept, false, inexact, true);
    }

    private readonly record struct Rounded(UInt128 Bits, bool Carry, bool Inexact, bool Incremented);
}
