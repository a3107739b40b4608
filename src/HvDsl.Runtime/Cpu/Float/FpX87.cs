using System;

namespace HvDsl.Runtime.Cpu.Float;

/// <summary>The x87-only operations: FPREM/FPREM1, FSCALE, FXTRACT, FXAM and FTST.</summary>
internal static class FpX87
{
    public const ushort C0 = 1 << 8, C1 = 1 << 9, C2 = 1 << 10, C3 = 1 << 14;

    /// <summary>
    /// FPREM (quotient truncated) or FPREM1 (<paramref name="ieee"/>: quotient rounded to nearest): the exact
    /// remainder of ST0 / ST1 when their exponents differ by less than 64, with the quotient's low bits in
    /// C0 (Q2), C3 (Q1) and C1 (Q0); otherwise a partial remainder with only C2 set, the exponent reduced by D − N.
    /// </summary>
    public static FpValue PartialRemainder(FpValue a, FpValue b, bool ieee, FpEnvironment env, out ushort conditionCodes)
    {
        conditionCodes = 0;
        if (FpNaN.Special(a, b, env, out FpValue special))
            return special;
        if (a.Kind == FpKind.Infinity || b.Kind == FpKind.Zero)
            return FpNaN.Invalid(env);
        if (FpArithmetic.Denormals(a, b, env))
            return FpValue.Indefinite;
        if (a.Kind == FpKind.Zero || b.Kind == FpKind.Infinity)
            return a;
        int difference = a.Exponent - b.Exponent;
        if (difference < -1)
            return a;
        bool complete = difference < 64;
        int step = complete ? difference : PartialStep(difference);
        // Both significands doubled so that a difference of -1 still shifts by a nonnegative count.
        UInt128 numerator = (UInt128)a.Significand << (step + 1), divisor = (UInt128)b.Significand << 1;
        UInt128 quotient = numerator / divisor, remainder = numerator % divisor;
        bool sign = a.Sign;
        if (ieee && complete && (remainder * 2 > divisor || (remainder * 2 == divisor && (quotient & 1) != 0)))
        {
            quotient++;
            remainder = divisor - remainder;
            sign = !sign;
        }
        ulong q = (ulong)(quotient & 7);
        // An incomplete reduction reports C2 alone: the host clears C0, C1 and C3 then.
        conditionCodes = complete ? (ushort)(((q & 4) != 0 ? C0 : 0) | ((q & 2) != 0 ? C3 : 0) | ((q & 1) != 0 ? C1 : 0)) : C2;
        if (remainder == UInt128.Zero)
            return FpValue.Zero(a.Sign);
        return FpRounder.Round(sign, remainder, b.Exponent - 64 + (difference - step), FpFormat.Extended, 64, env);
    }

    /// <summary>
    /// FSCALE: ST0 × 2^trunc(ST1), rounded under the control word. 0 × 2^+inf and inf × 2^-inf are invalid.
    /// </summary>
    public static FpValue Scale(FpValue a, FpValue b, FpEnvironment env)
    {
        if (FpNaN.Special(a, b, env, out FpValue special))
            return special;
        if (b.Kind == FpKind.Infinity)
        {
            if ((!b.Sign && a.Kind == FpKind.Zero) || (b.Sign && a.Kind == FpKind.Infinity))
                return FpNaN.Invalid(env);
            if (FpArithmetic.Denormals(a, b, env))
                return FpValue.Indefinite;
            return b.Sign ? FpValue.Zero(a.Sign) : FpValue.Infinity(a.Sign);
        }
        if (FpArithmetic.Denormals(a, b, env))
            return FpValue.Indefinite;
        if (a.Kind is FpKind.Zero or FpKind.Infinity)
            return a;
        // Beyond ±2^20 every finite extended value has overflowed or underflowed completely.
        long scale = b.Kind == FpKind.Zero || b.Exponent < 0 ? 0
            : b.Exponent > 20 ? 1 << 20 : (long)(b.Significand >> (63 - b.Exponent));
        if (b.Sign)
            scale = -scale;
        return FpRounder.Round(a.Sign, a.Significand, a.Exponent - 63 + (int)scale, FpFormat.Extended, 64, env);
    }

    /// <summary>
    /// FXTRACT: the significand (exponent 0, sign kept) as the result, the unbiased exponent in <paramref name="exponent"/>.
    /// A zero raises ZE and gives an exponent of −inf.
    /// </summary>
    public static FpValue Extract(FpValue a, FpEnvironment env, out FpValue exponent)
    {
        if (FpNaN.Special(a, env, out FpValue special))
        {
            exponent = special;
            return special;
        }
        if (a.Kind == FpKind.Zero)
        {
            env.Raise(FpExceptions.ZeroDivide);
            exponent = FpValue.Infinity(true);
            return a;
        }
        if (a.Kind == FpKind.Infinity)
        {
            exponent = FpValue.Infinity(false);
            return a;
        }
        if (FpArithmetic.Denormals(a, a, env))
        {
            exponent = FpValue.Indefinite;
            return FpValue.Indefinite;
        }
        exponent = FpConvert.FromInteger(a.Exponent, FpFormat.Extended, 64, env);
        return a with { Exponent = 0, WasDenormal = false };
    }

    /// <summary>FXAM's C3, C2, C1 (sign) and C0 for a register, from its tag (empty) and its encoding.</summary>
    public static ushort Examine(Extended80 value, bool empty)
    {
        ushort sign = (value.SignExponent & 0x8000) != 0 ? C1 : (ushort)0;
        int field = value.SignExponent & 0x7FFF;
        bool integer = (value.Significand >> 63) != 0;
        ushort kind = field switch
        {
            _ when empty => C3 | C0,
            0x7FFF when !integer => 0,
            0x7FFF => (value.Significand << 1) == 0 ? (ushort)(C2 | C0) : C0,
            0 => value.Significand == 0 ? C3 : (ushort)(C3 | C2),
            _ => integer ? C2 : (ushort)0,
        };
        return (ushort)(sign | kind);
    }

    /// <summary>N in the SDM's partial-remainder step: the exponent is reduced by D − N per execution.</summary>
    private static int PartialStep(int difference) => 32 + (difference - 64) % 32;
}
