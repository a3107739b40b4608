using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu.Float;

// crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.
/// <summary>
/// Add, subtract, multiply, divide and square root on unpacked values, computed exactly on integer
/// significands and rounded once by <see cref="FpRounder"/>.
/// </summary>
internal static class FpArithmetic
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FpValue Add(FpValue a, FpValue b, FpFormat format, int precision, FpEnvironment env)
    {
        if (FpNaN.Special(a, b, env, out FpValue special))
            return special;
        if (Denormals(a, b, env))
            return FpValue.Indefinite;
        if (a.Kind == FpKind.Infinity || b.Kind == FpKind.Infinity)
        {
            if (a.Kind == FpKind.Infinity && b.Kind == FpKind.Infinity && a.Sign != b.Sign)
                return FpNaN.Invalid(env);
            return a.Kind == FpKind.Infinity ? a : b;
        }
        if (a.Kind == FpKind.Zero && b.Kind == FpKind.Zero)
            return FpValue.Zero(a.Sign == b.Sign ? a.Sign : env.Rounding == FpRounding.Down);
        if (a.Kind == FpKind.Zero)
            return Exact(b, format, precision, env);
        if (b.Kind == FpKind.Zero)
            return Exact(a, format, precision, env);
        if (a.Exponent < b.Exponent || (a.Exponent == b.Exponent && a.Significand < b.Significand))
            (a, b) = (b, a);
        // a is the larger magnitude; with 63 guard bits below b's significand the sticky shift is exact enough.
        UInt128 large = (UInt128)a.Significand << 63;
        UInt128 small = FpRounder.ShiftRightSticky((UInt128)b.Significand << 63, a.Exponent - b.Exponent);
        int q = a.Exponent - 126;
        if (a.Sign == b.Sign)
            return FpRounder.Round(a.Sign, large + small, q, format, precision, env);
        UInt128 difference = large - small;
        if (difference == UInt128.Zero)
            return FpValue.Zero(env.Rounding == FpRounding.Down);
        return FpRounder.Round(a.Sign, difference, q, format, precision, env);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FpValue Subtract(FpValue a, FpValue b, FpFormat format, int precision, FpEnvironment env) =>
        b.IsNaN || b.Kind == FpKind.Unsupported ? Add(a, b, format, precision, env) : Add(a, b.Negated(), format, precision, env);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FpValue Multiply(FpValue a, FpValue b, FpFormat format, int precision, FpEnvironment env)
    {
        if (FpNaN.Special(a, b, env, out FpValue special))
            return special;
        bool sign = a.Sign != b.Sign;
        if ((a.Kind == FpKind.Infinity && b.Kind == FpKind.Zero) || (a.Kind == FpKind.Zero && b.Kind == FpKind.Infinity))
            return FpNaN.Invalid(env);
        if (Denormals(a, b, env))
            return FpValue.Indefinite;
        if (a.Kind == FpKind.Infinity || b.Kind == FpKind.Infinity)
            return FpValue.Infinity(sign);
        if (a.Kind == FpKind.Zero || b.Kind == FpKind.Zero)
            return FpValue.Zero(sign);
        return FpRounder.Round(sign, (UInt128)a.Significand * b.Significand, a.Exponent + b.Exponent - 126, format, precision, env);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static FpValue Divide(FpValue a, FpValue b, FpFormat format, int precision, FpEnvironment env)
    {
        if (FpNaN.Special(a, b, env, out FpValue special))
            return special;
        bool sign = a.Sign != b.Sign;
        if ((a.Kind == FpKind.Infinity && b.Kind == FpKind.Infinity) || (a.Kind == FpKind.Zero && b.Kind == FpKind.Zero))
            return FpNaN.Invalid(env);
        if (b.Kind == FpKind.Zero)
        {
            // ZE outranks DE (SDM 4.9.2): a denormal divided by zero raises ZE alone.
            if (a.Kind != FpKind.Infinity)
                env.Raise(FpExceptions.ZeroDivide);
            return FpValue.Infinity(sign);
        }
        if (Denormals(a, b, env))
            return FpValue.Indefinite;
        if (a.Kind == FpKind.Infinity)
            return FpValue.Infinity(sign);
        if (a.Kind == FpKind.Zero || b.Kind == FpKind.Infinity)
            return FpValue.Zero(sign);
        // Two 64-bit quotient digits: the first in [2^63, 2^64), the second fills the guard bits.
        int shift = a.Significand >= b.Significand ? 63 : 64;
        UInt128 numerator = (UInt128)a.Significand << shift;
        UInt128 high = numerator / b.Significand, remainder = numerator % b.Significand;
        UInt128 low = (remainder << 64) / b.Significand, rest = (remainder << 64) % b.Significand;
        UInt128 quotient = (high << 64) | low | (rest != UInt128.Zero ? UInt128.One : UInt128.Zero);
        return FpRounder.Round(sign, quotient, a.Exponent - b.Exponent - shift - 64, format, precision, env);
    }

    public static FpValue SquareRoot(FpValue a, FpFormat format, int precision, FpEnvironment env)
    {
        if (FpNaN.Special(a, env, out FpValue special))
            return special;
        if (a.Kind == FpKind.Zero)
            return a;
        if (a.Sign)
            return FpNaN.Invalid(env);
        if (Denormals(a, a, env))
            return FpValue.Indefinite;
        if (a.Kind == FpKind.Infinity)
            return a;
        // value = s × 2^n with n even; the root of s × 2^70 has 67-68 bits, the remainder gives the sticky bit.
        int n = a.Exponent - 63;
        UInt128 s = a.Significand;
        if ((n & 1) != 0)
        {
            s <<= 1;
            n--;
        }
        (UInt128 root, bool exact) = IntegerSquareRoot(s, 35);
        UInt128 m = (root << 1) | (exact ? UInt128.Zero : UInt128.One);
        return FpRounder.Round(false, m, n / 2 - 36, format, precision, env);
    }

    /// <summary>The exact value itself rounded to the destination's precision (x + 0, conversions).</summary>
    public static FpValue Exact(in FpValue a, FpFormat format, int precision, FpEnvironment env) =>
        FpRounder.Round(a.Sign, (UInt128)a.Significand << 64, a.Exponent - 127, format, precision, env);

    /// <summary>Raises DE for denormal operands; true when DE is unmasked and the operation must stop.</summary>
    public static bool Denormals(in FpValue a, in FpValue b, FpEnvironment env)
    {
        if (!a.WasDenormal && !b.WasDenormal)
            return false;
        env.Raise(FpExceptions.Denormal);
        return env.IsUnmasked(FpExceptions.Denormal);
    }

    /// <summary>floor(sqrt(s × 4^extraPairs)) for s below 2^66, bit by bit, and whether it is exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (UInt128 Root, bool Exact) IntegerSquareRoot(UInt128 s, int extraPairs)
    {
        UInt128 root = UInt128.Zero, remainder = UInt128.Zero;
        for (int pair = 32 + extraPairs; pair >= 0; pair--)
        {
            UInt128 digits = pair >= extraPairs ? (s >> (2 * (pair - extraPairs))) & 3 : UInt128.Zero;
            remainder = (remainder << 2) | digits;
            UInt128 trial = (root << 2) | UInt128.One;
            root <<= 1;
            if (remainder >= trial)
            {
                remainder -= trial;
                root |= UInt128.One;
            }
        }
        return (root, remainder == UInt128.Zero);
    }
}
