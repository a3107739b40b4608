using System;
using HvDsl.Runtime.Cpu.Float;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>
/// Seeded operands that reach every class a format has: zeros of both signs, infinities, quiet and
/// signalling NaNs, denormals, values near the overflow and underflow thresholds, values near one and
/// random normals; for extended also unnormals, pseudo-NaNs, pseudo-infinities and pseudo-denormals.
/// Pairs are often related (close exponents for cancellation, exponents summing to the range's ends).
/// </summary>
internal sealed class FloatOperands(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public Float32 Single() => new((uint)Binary(23, 8, Category()));

    public Float64 Double() => new(Binary(52, 11, Category()));

    public Extended80 Extended()
    {
        int category = Category();
        if (category == 12)
            return Unsupported();
        (bool sign, int field, ulong fraction) = Parts(63, 15, category);
        ulong integer = field == 0 ? 0 : 1UL << 63;
        return new Extended80((ushort)((sign ? 0x8000 : 0) | field), integer | fraction);
    }

    /// <summary>
    /// In one case of two, B's exponent field is moved so that A ± B cancels, or A × B or A / B lands near the
    /// underflow or overflow threshold (where tininess and the overflow response are decided).
    /// </summary>
    public (ulong A, ulong B) RelatedBinary(int fractionBits, int exponentBits, ulong a, ulong b)
    {
        if (_random.Next(2) == 0)
            return (a, b);
        int bias = (1 << (exponentBits - 1)) - 1, max = (1 << exponentBits) - 2;
        int fieldA = (int)(a >> fractionBits) & ((1 << exponentBits) - 1);
        if (fieldA == 0 || fieldA > max)
            return (a, b);
        if (_random.Next(3) == 0)
        {
            FpFormat format = fractionBits == 23 ? FpFormat.Single : FpFormat.Double;
            FpValue nearest = NearSmallestNormal(format.UnpackBinary(a, false), format, format.Precision);
            ulong bits = format.PackBinary(nearest) + (ulong)_random.Next(-3, 4);
            return (a, (bits & ~(1UL << (fractionBits + exponentBits))) | (b & (1UL << (fractionBits + exponentBits))));
        }
        int target = RelatedField(fieldA, bias, max, fractionBits);
        ulong sign = b & (1UL << (fractionBits + exponentBits));
        ulong fraction = b & ((1UL << fractionBits) - 1);
        if (_random.Next(3) == 0)
            fraction = (a & ((1UL << fractionBits) - 1)) ^ (ulong)_random.Next(4);
        return (a, sign | ((ulong)target << fractionBits) | fraction);
    }

    /// <summary>
    /// B with A × B or A / B (chosen at random) within an ulp of the smallest normal, so that some results round up
    /// to it: the cases where tininess before and after rounding differ.
    /// </summary>
    public FpValue NearSmallestNormal(FpValue a, FpFormat format, int precision)
    {
        var env = new FpEnvironment { Rounding = FpRounding.TowardZero, Flavor = FpFlavor.Sse, Precision = precision };
        var smallest = new FpValue { Kind = FpKind.Finite, Exponent = format.MinExponent, Significand = 1UL << 63 };
        a.Sign = false;
        return _random.Next(2) == 0
            ? FpArithmetic.Divide(smallest, a, format, precision, env)
            : FpArithmetic.Divide(a, smallest, format, precision, env);
    }

    /// <summary>An exponent field for B, from 1 to <paramref name="max"/>, that makes A ± B cancel or A × B, A / B land near a threshold.</summary>
    public int RelatedField(int fieldA, int bias, int max, int fractionBits) => Math.Clamp(_random.Next(5) switch
    {
        0 => fieldA + _random.Next(-2, 3),
        1 => 1 + bias - fieldA + _random.Next(-fractionBits - 2, 3),
        2 => max - fieldA + bias + _random.Next(-2, 3),
        3 => fieldA - bias + _random.Next(-2, 3),
        _ => fieldA + bias - 1 + _random.Next(-fractionBits - 2, 3),
    }, 1, max);

    /// <summary>An MXCSR with every exception masked, a random rounding mode, and DAZ and FTZ each in one case of four.</summary>
    public uint Mxcsr() => 0x1F80u | ((uint)_random.Next(4) << 13)
        | (_random.Next(4) == 0 ? 1u << 6 : 0) | (_random.Next(4) == 0 ? 1u << 15 : 0);

    /// <summary>An x87 control word with every exception masked, a random rounding mode and precision control 24, 53 or 64.</summary>
    public ushort ControlWord() => (ushort)(0x0040 | 0x3F | (_random.Next(4) << 10) | (new[] { 0, 2, 3 }[_random.Next(3)] << 8));

    private int Category() => _random.Next(13);

    private ulong Binary(int fractionBits, int exponentBits, int category)
    {
        (bool sign, int field, ulong fraction) = Parts(fractionBits, exponentBits, category);
        return (sign ? 1UL << (fractionBits + exponentBits) : 0) | ((ulong)field << fractionBits) | fraction;
    }

    /// <summary>Sign, exponent field and fraction of one operand class (category 12, unsupported x87 encodings, reads as a random normal).</summary>
    private (bool Sign, int Field, ulong Fraction) Parts(int fractionBits, int exponentBits, int category)
    {
        int max = (1 << exponentBits) - 1, bias = max >> 1;
        bool sign = _random.Next(2) == 1;
        ulong fraction = Bits(fractionBits);
        ulong quiet = 1UL << (fractionBits - 1);
        int field = category switch
        {
            0 or 4 => 0,
            1 or 2 or 3 => max,
            5 => 1 + _random.Next(3),
            6 => max - 1 - _random.Next(3),
            7 => _random.Next(1, max),
            8 => bias - 1 + _random.Next(3),
            9 => bias - fractionBits + _random.Next(2 * fractionBits),
            _ => 1 + _random.Next(max - 1),
        };
        fraction = category switch
        {
            0 or 1 => 0,
            2 => fraction | quiet,
            3 => (fraction & ~quiet) == 0 ? 1 : fraction & ~quiet,
            4 => Math.Max(1, fraction >> _random.Next(fractionBits)),
            _ => _random.Next(5) == 0 ? fraction & ~((1UL << _random.Next(fractionBits)) - 1) : fraction,
        };
        return (sign, field, fraction);
    }

    private Extended80 Unsupported()
    {
        ushort sign = (ushort)(_random.Next(2) << 15);
        ulong fraction = Bits(63);
        return _random.Next(3) switch
        {
            0 => new Extended80((ushort)(sign | (1 + _random.Next(0x7FFE))), fraction),
            1 => new Extended80((ushort)(sign | 0x7FFF), fraction),
            _ => new Extended80(sign, fraction | (1UL << 63)),
        };
    }

    private ulong Bits(int count) => count == 0 ? 0 : ((ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 40)) & ((1UL << count) - 1);
}
