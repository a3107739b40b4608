namespace HvDsl.Runtime.Cpu.Float;

/// <summary>
/// A value of any format, unpacked. A finite value is <see cref="Significand"/> × 2^(<see cref="Exponent"/> − 63)
/// with bit 63 of the significand set (denormal inputs are normalized here, so the exponent may lie
/// below the format's minimum). A NaN keeps its fraction left-aligned below bit 63 (quiet bit at bit 62),
/// which is how x86 widens and narrows NaN payloads between formats.
/// </summary>
internal struct FpValue
{
    public bool Sign;
    public FpKind Kind;
    public int Exponent;
    public ulong Significand;
    /// <summary>The encoding was a denormal (or x87 pseudo-denormal): DE, unless DAZ turned it into a zero.</summary>
    public bool WasDenormal;

    /// <summary>The negative quiet NaN "real indefinite" every masked invalid operation returns.</summary>
    public static FpValue Indefinite => new() { Sign = true, Kind = FpKind.QuietNaN, Significand = 0xC000_0000_0000_0000 };

    public readonly bool IsNaN => Kind is FpKind.QuietNaN or FpKind.SignalingNaN;

    public static FpValue Zero(bool sign) => new() { Sign = sign, Kind = FpKind.Zero };

    public static FpValue Infinity(bool sign) => new() { Sign = sign, Kind = FpKind.Infinity, Significand = 1UL << 63 };

    /// <summary>This NaN with its quiet bit set.</summary>
    public readonly FpValue Quieted() => this with { Kind = FpKind.QuietNaN, Significand = Significand | (1UL << 62) };

    public readonly FpValue Negated() => this with { Sign = !Sign };
}
