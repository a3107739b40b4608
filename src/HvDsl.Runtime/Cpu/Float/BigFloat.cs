using System;
using System.Numerics;

namespace HvDsl.Runtime.Cpu.Float;

/// <summary>
/// A working value M × 2^E with M kept to <see cref="Precision"/> bits (truncated), for computing
/// transcendental functions far past 64-bit accuracy before one final rounding.
/// </summary>
internal readonly struct BigFloat
{
    /// <summary>Working precision in bits: more than 4 × 64, so that one rounding of the result is correct.</summary>
    public const int Precision = 320;

    public BigFloat(BigInteger mantissa, int exponent)
    {
        long length = BigInteger.Abs(mantissa).GetBitLength();
        if (length > Precision)
        {
            int shift = (int)(length - Precision);
            mantissa = mantissa.Sign < 0 ? -(BigInteger.Negate(mantissa) >> shift) : mantissa >> shift;
            exponent += shift;
        }
        Mantissa = mantissa;
        Exponent = exponent;
    }

    public BigInteger Mantissa { get; }

    public int Exponent { get; }

    public bool IsZero => Mantissa.IsZero;

    public int Sign => Mantissa.Sign;

    /// <summary>floor(log2 |value|) for a nonzero value.</summary>
    public long Magnitude => BigInteger.Abs(Mantissa).GetBitLength() - 1 + Exponent;

    public static BigFloat One => new(BigInteger.One, 0);

    /// <summary>The exact value of a finite unpacked operand.</summary>
    public static BigFloat From(in FpValue value) =>
        new(value.Sign ? -(BigInteger)value.Significand : value.Significand, value.Exponent - 63);

    public static BigFloat FromInteger(long value) => new(value, 0);

    public static BigFloat operator -(BigFloat a) => new(-a.Mantissa, a.Exponent);

    public static BigFloat operator +(BigFloat a, BigFloat b)
    {
        if (a.IsZero)
            return b;
        if (b.IsZero)
            return a;
        if (a.Magnitude < b.Magnitude)
            (a, b) = (b, a);
        // A term below the working precision cannot change the truncated sum.
        if (a.Magnitude - b.Magnitude > Precision + 8)
            return a;
        int exponent = Math.Min(a.Exponent, b.Exponent);
        return new BigFloat((a.Mantissa << (a.Exponent - exponent)) + (b.Mantissa << (b.Exponent - exponent)), exponent);
    }

    public static BigFloat operator -(BigFloat a, BigFloat b) => a + -b;

    public static BigFloat operator *(BigFloat a, BigFloat b) => new(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);

    public static BigFloat operator /(BigFloat a, BigFloat b)
    {
        long shift = Precision + 2 - (BigInteger.Abs(a.Mantissa).GetBitLength() - BigInteger.Abs(b.Mantissa).GetBitLength());
        int s = (int)Math.Max(0, shift);
        return new BigFloat((a.Mantissa << s) / b.Mantissa, a.Exponent - b.Exponent - s);
    }

    /// <summary>
    /// The value moved by one unit 16 bits above the working precision's end, towards <paramref name="direction"/>'s sign:
    /// past any rounding boundary the value sits on, yet far below every format's last place.
    /// </summary>
    public BigFloat Nudged(int direction)
    {
        int shift = (int)(Precision - 16 - BigInteger.Abs(Mantissa).GetBitLength());
        return new BigFloat((Mantissa << shift) + Math.Sign(direction), Exponent - shift);
    }

    /// <summary>The value × 2^<paramref name="power"/>, exactly.</summary>
    public BigFloat Scaled(int power) => new(Mantissa, Exponent + power);

    /// <summary>
    /// Rounds to the x87 extended format; <paramref name="exact"/> says the value is the exact result, otherwise
    /// it stands for an irrational one and rounds as inexact.
    /// </summary>
    public FpValue Round(bool exact, FpEnvironment env)
    {
        if (IsZero)
            return FpValue.Zero(false);
        BigInteger magnitude = BigInteger.Abs(Mantissa);
        // The top 126 bits (a short mantissa shifted up), then one bit below them for whatever was lost.
        int shift = (int)(magnitude.GetBitLength() - 126);
        BigInteger top = shift >= 0 ? magnitude >> shift : magnitude << -shift;
        bool lost = !exact || (shift > 0 && !(top << shift).Equals(magnitude));
        UInt128 m = ((UInt128)(ulong)(top >> 64) << 64) | (ulong)(top & ulong.MaxValue);
        m = (m << 1) | (lost ? UInt128.One : UInt128.Zero);
        return FpRounder.Round(Sign < 0, m, Exponent + shift - 1, FpFormat.Extended, 64, env);
    }
}
