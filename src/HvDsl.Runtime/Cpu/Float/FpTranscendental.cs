using System;
using System.Numerics;

namespace HvDsl.Runtime.Cpu.Float;

/// <summary>
/// The x87 transcendental instructions, computed in <see cref="BigFloat"/> to 320 bits and rounded once,
/// so results are correctly rounded (the SDM allows 1 ulp): FSIN, FCOS, FSINCOS, FPTAN (C2 set and the
/// operand kept when |x| ≥ 2^63), FPATAN, F2XM1, FYL2X, FYL2XP1.
/// </summary>
internal static class FpTranscendental
{
    private static readonly BigFloat Pi = ComputePi();

    /// <summary>The 66-bit π the x87 reduces trigonometric arguments with (Intel SDM Vol. 1, 8.3.8), so large arguments match the hardware.</summary>
    private static readonly BigFloat ReductionPi = new(((BigInteger)0x3243_F6A8_885A_308DUL << 4) | 3, -64);
    private static readonly BigFloat Ln2 = Atanh(new BigFloat(1, 0) / new BigFloat(3, 0)).Scaled(1);

    /// <summary>FSIN, FCOS, FPTAN: which function of ST0.</summary>
    public enum Trigonometric { Sine, Cosine, Tangent }

    /// <summary>
    /// sin, cos or tan of <paramref name="a"/>. Returns false (C2 = 1, nothing computed, no exception) when
    /// |a| ≥ 2^63, the instructions' reduction limit.
    /// </summary>
    public static bool Trig(FpValue a, Trigonometric function, FpEnvironment env, out FpValue result)
    {
        if (FpNaN.Special(a, env, out result))
            return true;
        if (a.Kind == FpKind.Infinity)
        {
            result = FpNaN.Invalid(env);
            return true;
        }
        if (a.Kind == FpKind.Finite && a.Exponent >= 63)
        {
            result = a;
            return false;
        }
        if (a.Kind == FpKind.Zero)
        {
            result = function == Trigonometric.Cosine ? new FpValue { Kind = FpKind.Finite, Significand = 1UL << 63 } : a;
            return true;
        }
        if (FpArithmetic.Denormals(a, a, env))
        {
            result = FpValue.Indefinite;
            return true;
        }
        (BigFloat sine, BigFloat cosine) = SineCosine(BigFloat.From(a));
        BigFloat value = function switch
        {
            Trigonometric.Sine => sine,
            Trigonometric.Cosine => cosine,
            _ => sine / cosine,
        };
        result = value.Round(false, env);
        return true;
    }

    /// <summary>FPATAN: the angle of (x = ST0, y = ST1) in (−π, π], signed zeros and infinities as the SDM's table gives them.</summary>
    public static FpValue Arctangent(FpValue y, FpValue x, FpEnvironment env)
    {
        if (FpNaN.Special(y, x, env, out FpValue special))
            return special;
        if (FpArithmetic.Denormals(y, x, env))
            return FpValue.Indefinite;
        bool negativeX = x.Sign;
        BigFloat angle;
        if (y.Kind == FpKind.Zero)
            return negativeX ? (y.Sign ? -Pi : Pi).Round(false, env) : y;
        if (y.Kind == FpKind.Infinity)
            angle = x.Kind == FpKind.Infinity ? (negativeX ? Pi.Scaled(-2) * new BigFloat(3, 0) : Pi.Scaled(-2)) : Pi.Scaled(-1);
        else if (x.Kind == FpKind.Infinity)
        {
            if (!negativeX)
                return FpValue.Zero(y.Sign);
            angle = Pi;
        }
        else if (x.Kind == FpKind.Zero)
            angle = Pi.Scaled(-1);
        else
        {
            BigFloat ratio = BigFloat.From(y with { Sign = false }) / BigFloat.From(x with { Sign = false });
            angle = ratio.Magnitude >= 0 ? Pi.Scaled(-1) - Atan(BigFloat.One / ratio) : Atan(ratio);
            if (negativeX)
                angle = Pi - angle;
        }
        // The sign goes on before rounding: directed modes round a negative angle the other way.
        return (y.Sign ? -angle : angle).Round(false, env);
    }

    /// <summary>F2XM1: 2^x − 1 (the SDM defines it for −1 ≤ x ≤ 1; outside that the same formula is used).</summary>
    public static FpValue TwoToXMinusOne(FpValue a, FpEnvironment env)
    {
        if (FpNaN.Special(a, env, out FpValue special))
            return special;
        if (a.Kind == FpKind.Zero)
            return a;
        if (a.Kind == FpKind.Infinity)
            return a.Sign ? new FpValue { Sign = true, Kind = FpKind.Finite, Significand = 1UL << 63 } : a;
        if (FpArithmetic.Denormals(a, a, env))
            return FpValue.Indefinite;
        BigFloat x = BigFloat.From(a);
        if (a.Exponent < 0)
            return ExpMinusOne(x * Ln2).Round(false, env);
        // |x| ≥ 1: 2^x − 1 = 2^n × 2^f − 1 with 0 ≤ f < 1; integral x is exact.
        // floor(x); beyond 2^16 the result has overflowed or reached −1 whatever the fraction.
        UInt128 floor = FpConvert.IntegerPart(a, FpRounding.Down).Magnitude;
        long n = floor > 1 << 16 ? 1 << 16 : (long)(ulong)floor;
        n = a.Sign ? -n : n;
        BigFloat fraction = x - BigFloat.FromInteger(n);
        BigFloat power = (BigFloat.One + (fraction.IsZero ? default : ExpMinusOne(fraction * Ln2))).Scaled((int)n);
        return (power - BigFloat.One).Round(fraction.IsZero, env);
    }

    /// <summary>FYL2X: y × log2(x) for x = ST0, y = ST1.</summary>
    public static FpValue YLog2X(FpValue y, FpValue x, FpEnvironment env)
    {
        if (FpNaN.Special(y, x, env, out FpValue special))
            return special;
        bool one = x.Kind == FpKind.Finite && !x.Sign && x.Exponent == 0 && x.Significand == 1UL << 63;
        if ((x.Sign && x.Kind != FpKind.Zero) || (y.Kind == FpKind.Zero && x.Kind is FpKind.Zero or FpKind.Infinity)
            || (y.Kind == FpKind.Infinity && one))
            return FpNaN.Invalid(env);
        if (x.Kind == FpKind.Zero)
        {
            // ZE outranks DE, as for division.
            if (y.Kind != FpKind.Infinity)
                env.Raise(FpExceptions.ZeroDivide);
            return FpValue.Infinity(!y.Sign);
        }
        if (FpArithmetic.Denormals(y, x, env))
            return FpValue.Indefinite;
        bool logNegative = x.Exponent < 0;
        if (x.Kind == FpKind.Infinity || y.Kind == FpKind.Infinity)
            return FpValue.Infinity(y.Sign != logNegative);
        if (one)
            return FpValue.Zero(y.Sign);
        if (y.Kind == FpKind.Zero)
            return FpValue.Zero(y.Sign != logNegative);
        bool exact = x.Significand == 1UL << 63;
        return (BigFloat.From(y) * (exact ? BigFloat.FromInteger(x.Exponent) : Log2(BigFloat.From(x)))).Round(exact, env);
    }

    /// <summary>FYL2XP1: y × log2(x + 1) for x = ST0 (the SDM requires |x| &lt; 1 − √2/2), y = ST1.</summary>
    public static FpValue YLog2XPlusOne(FpValue y, FpValue x, FpEnvironment env)
    {
        if (FpNaN.Special(y, x, env, out FpValue special))
            return special;
        if ((x.Kind == FpKind.Zero && y.Kind == FpKind.Infinity) || (x.Kind == FpKind.Infinity && (x.Sign || y.Kind == FpKind.Zero))
            || (x.Sign && x.Kind == FpKind.Finite && x.Exponent >= 0))
            return FpNaN.Invalid(env);
        if (FpArithmetic.Denormals(y, x, env))
            return FpValue.Indefinite;
        bool sign = y.Sign != x.Sign;
        if (x.Kind == FpKind.Zero || y.Kind == FpKind.Zero)
            return FpValue.Zero(sign);
        if (y.Kind == FpKind.Infinity || x.Kind == FpKind.Infinity)
            return FpValue.Infinity(sign);
        BigFloat value = BigFloat.From(x);
        // Inside the SDM's range the series on x/(2+x) keeps a tiny x's precision; outside it, log2 of 1 + x.
        BigFloat log = x.Exponent < -2
            ? Atanh(value / (BigFloat.FromInteger(2) + value)).Scaled(1) / Ln2
            : Log2(BigFloat.One + value);
        return (BigFloat.From(y) * log).Round(false, env);
    }

    /// <summary>log2 v for v &gt; 0: k + 2 atanh((m − 1)/(m + 1)) / ln 2 with v = m × 2^k and m in [√½, √2).</summary>
    private static BigFloat Log2(BigFloat v)
    {
        int k = (int)v.Magnitude;
        BigFloat m = v.Scaled(-k);
        if ((m - new BigFloat(0xB504_F333_F9DE_6484, -63)).Sign > 0)
        {
            m = m.Scaled(-1);
            k++;
        }
        return BigFloat.FromInteger(k) + Atanh((m - BigFloat.One) / (m + BigFloat.One)).Scaled(1) / Ln2;
    }

    /// <summary>sin and cos of x: x reduced by the nearest multiple of π/2 (the x87's 66-bit π), then Taylor series.</summary>
    private static (BigFloat Sine, BigFloat Cosine) SineCosine(BigFloat x)
    {
        BigFloat halfPi = ReductionPi.Scaled(-1);
        BigFloat quotient = x / halfPi;
        BigInteger n = quotient.Exponent >= 0 ? quotient.Mantissa << quotient.Exponent
            : (quotient.Mantissa + (BigInteger.One << (-quotient.Exponent - 1))) >> -quotient.Exponent;
        BigFloat r = x - new BigFloat(n, 0) * halfPi;
        BigFloat square = r * r;
        BigFloat sine = Series(r, square, 1), cosine = Series(BigFloat.One, square, 0);
        return (int)(n & 3) switch
        {
            0 => (sine, cosine),
            1 => (cosine, -sine),
            2 => (-sine, -cosine),
            _ => (-cosine, sine),
        };
    }

    /// <summary>Σ (−1)^k first × square^k / ((2k + offset)! / offset!): sin for offset 1, cos for offset 0.</summary>
    private static BigFloat Series(BigFloat first, BigFloat square, int offset)
    {
        BigFloat sum = first, term = first;
        for (int k = 1; k < 200 && !term.IsZero && term.Magnitude - sum.Magnitude > -BigFloat.Precision - 8; k++)
        {
            term = -(term * square) / BigFloat.FromInteger((long)(2 * k + offset - 1) * (2 * k + offset));
            sum += term;
        }
        // Every correction fell below the working precision (a tiny argument): the sum is still exactly the first term, yet the
        // true value lies just past it on the side of the dropped term, which directed rounding must see.
        return term.IsZero || !(sum - first).IsZero ? sum : sum.Nudged(term.Sign);
    }

    /// <summary>atan t for 0 &lt; t ≤ 1: π/4 + atan((t − 1)/(t + 1)) above tan(π/8), then the alternating series.</summary>
    private static BigFloat Atan(BigFloat t)
    {
        if (t.Magnitude >= -2 && (t - new BigFloat(0x6A09E667F3BCC909, -64)).Sign > 0)
            return Pi.Scaled(-2) + Atan((t - BigFloat.One) / (t + BigFloat.One));
        return OddSeries(t, alternating: true);
    }

    /// <summary>atanh u = u + u³/3 + u⁵/5 + ... for |u| ≤ 0.42.</summary>
    private static BigFloat Atanh(BigFloat u) => OddSeries(u, alternating: false);

    private static BigFloat OddSeries(BigFloat u, bool alternating)
    {
        if (u.Sign < 0)
            return -OddSeries(-u, alternating);
        BigFloat square = u * u, power = u, sum = u;
        for (int k = 1; k < 1000; k++)
        {
            power *= square;
            BigFloat term = power / BigFloat.FromInteger(2 * k + 1);
            if (term.IsZero || term.Magnitude - sum.Magnitude < -BigFloat.Precision - 8)
                break;
            sum += alternating && (k & 1) != 0 ? -term : term;
        }
        return sum;
    }

    /// <summary>e^t − 1 = Σ t^k / k! for |t| below 1, without cancellation near zero.</summary>
    private static BigFloat ExpMinusOne(BigFloat t)
    {
        BigFloat term = t, sum = t;
        for (int k = 2; k < 400; k++)
        {
            term = term * t / BigFloat.FromInteger(k);
            if (term.IsZero || term.Magnitude - sum.Magnitude < -BigFloat.Precision - 8)
                break;
            sum += term;
        }
        return sum;
    }

    /// <summary>π = 16 atan(1/5) − 4 atan(1/239) (Machin).</summary>
    private static BigFloat ComputePi()
    {
        BigFloat fifth = BigFloat.One / BigFloat.FromInteger(5), part = BigFloat.One / BigFloat.FromInteger(239);
        return OddSeries(fifth, alternating: true).Scaled(4) - OddSeries(part, alternating: true).Scaled(2);
    }
}
