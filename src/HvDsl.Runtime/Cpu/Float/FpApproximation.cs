namespace HvDsl.Runtime.Cpu.Float;

/// <summary>
/// RCPSS/RCPPS and RSQRTSS/RSQRTPS: the SDM bounds their relative error by 1.5 × 2^-12 and leaves the bits to the
/// implementation (Intel and AMD differ). These give the correctly rounded value truncated to 12 fraction bits,
/// which is within 2^-12 + 2^-24. They ignore MXCSR entirely: no flags, no rounding control, and denormal sources
/// read as zeros of their sign; tiny results flush to zero.
/// </summary>
internal static class FpApproximation
{
    /// <summary>Fraction bits an approximation keeps (the SDM's "12 bits of precision").</summary>
    public const int KeptFractionBits = 12;

    private static readonly FpValue One = new() { Kind = FpKind.Finite, Significand = 1UL << 63 };

    /// <summary>RCPSS: ≈ 1 / <paramref name="x"/>; ±0 (or a denormal) gives ±∞, ±∞ gives ±0, a NaN returns quieted.</summary>
    public static Float32 Reciprocal(Float32 x) => Approximate(x, squareRoot: false);

    /// <summary>RSQRTSS: ≈ 1 / √<paramref name="x"/>; ±0 (or a denormal) gives ±∞, +∞ gives +0, a negative value the real indefinite.</summary>
    public static Float32 ReciprocalSquareRoot(Float32 x) => Approximate(x, squareRoot: true);

    private static Float32 Approximate(Float32 x, bool squareRoot)
    {
        var env = new FpEnvironment { Flavor = FpFlavor.Sse, Rounding = FpRounding.Nearest };
        var a = FpFormat.Single.UnpackBinary(x.Bits, denormalsAreZero: true);
        if (a.IsNaN)
            return Float32.Pack(a.Quieted());
        if (a.Kind == FpKind.Zero)
            return Float32.Pack(FpValue.Infinity(a.Sign));
        if (squareRoot && a.Sign)
            return Float32.Pack(FpValue.Indefinite);
        if (a.Kind == FpKind.Infinity)
            return Float32.Pack(FpValue.Zero(a.Sign));
        // Every exception stays masked: the flags are computed and thrown away.
        var divisor = squareRoot ? FpArithmetic.SquareRoot(a, FpFormat.Extended, FpFormat.Extended.Precision, env) : a;
        return Float32.Pack(Truncated(FpArithmetic.Divide(One, divisor, FpFormat.Extended, FpFormat.Single.Precision, env)));
    }

    /// <summary>The extended-range result cut to the kept bits; below binary32's normal range it is a zero (the SDM's "always flushed").</summary>
    private static FpValue Truncated(FpValue value)
    {
        if (value.Exponent < FpFormat.Single.MinExponent)
            return FpValue.Zero(value.Sign);
        return value with { Significand = value.Significand & (ulong.MaxValue << (63 - KeptFractionBits)) };
    }
}
