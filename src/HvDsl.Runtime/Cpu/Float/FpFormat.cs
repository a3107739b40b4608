namespace HvDsl.Runtime.Cpu.Float;

/// <summary>
/// The shape of one binary format: significand width (with the integer bit, explicit or hidden),
/// exponent range, and the exponent adjustment x87 applies to unmasked overflow and underflow results.
/// </summary>
internal sealed class FpFormat
{
    /// <summary>IEEE binary32.</summary>
    public static readonly FpFormat Single = new(24, 8, 192, false);

    /// <summary>IEEE binary64.</summary>
    public static readonly FpFormat Double = new(53, 11, 1536, false);

    /// <summary>x87 double extended: 64-bit significand with an explicit integer bit.</summary>
    public static readonly FpFormat Extended = new(64, 15, 24576, true);

    private FpFormat(int precision, int exponentBits, int biasAdjust, bool explicitInteger)
    {
        Precision = precision;
        MaxExponentField = (1 << exponentBits) - 1;
        Bias = (1 << (exponentBits - 1)) - 1;
        BiasAdjust = biasAdjust;
        ExplicitInteger = explicitInteger;
    }

    /// <summary>Significand bits, the integer bit included.</summary>
    public int Precision { get; }

    public int Bias { get; }

    public int MaxExponentField { get; }

    /// <summary>The smallest normal exponent.</summary>
    public int MinExponent => 1 - Bias;

    /// <summary>The largest finite exponent.</summary>
    public int MaxExponent => Bias;

    /// <summary>SDM 8.5.3/8.5.4: an unmasked overflow (underflow) result is divided (multiplied) by 2^BiasAdjust.</summary>
    public int BiasAdjust { get; }

    public bool ExplicitInteger { get; }

    /// <summary>Unpacks a binary32/binary64 encoding (sign, exponent field, fraction without the hidden bit).</summary>
    public FpValue UnpackBinary(ulong bits, bool denormalsAreZero)
    {
        int fractionBits = Precision - 1;
        ulong fraction = bits & ((1UL << fractionBits) - 1);
        int field = (int)(bits >> fractionBits) & MaxExponentField;
        bool sign = (bits >> (fractionBits + (MaxExponentField == 255 ? 8 : 11))) != 0;
        if (field == MaxExponentField)
        {
            if (fraction == 0)
                return FpValue.Infinity(sign);
            ulong payload = (1UL << 63) | (fraction << (64 - Precision));
            return new FpValue { Sign = sign, Kind = (payload & (1UL << 62)) != 0 ? FpKind.QuietNaN : FpKind.SignalingNaN, Significand = payload };
        }
        if (field == 0)
        {
            if (fraction == 0 || denormalsAreZero)
                return FpValue.Zero(sign);
            int shift = System.Numerics.BitOperations.LeadingZeroCount(fraction);
            return new FpValue
            {
                Sign = sign, Kind = FpKind.Finite, WasDenormal = true,
                Significand = fraction << shift, Exponent = MinExponent - fractionBits + 63 - shift,
            };
        }
        return new FpValue
        {
            Sign = sign, Kind = FpKind.Finite, Exponent = field - Bias,
            Significand = ((1UL << fractionBits) | fraction) << (64 - Precision),
        };
    }

    /// <summary>Packs a binary32/binary64 value: a rounded finite value, a zero, an infinity or a NaN.</summary>
    public ulong PackBinary(FpValue value)
    {
        value = Denormalized(value, MinExponent);
        int fractionBits = Precision - 1;
        ulong sign = value.Sign ? 1UL << (fractionBits + (MaxExponentField == 255 ? 8 : 11)) : 0;
        ulong fractionMask = (1UL << fractionBits) - 1;
        ulong top = value.Significand >> (64 - Precision);
        ulong field = value.Kind switch
        {
            FpKind.Zero => 0,
            FpKind.Finite => (top >> fractionBits) != 0 ? (ulong)(value.Exponent + Bias) : 0,
            _ => (ulong)MaxExponentField,
        };
        ulong fraction = value.Kind is FpKind.Zero or FpKind.Infinity ? 0 : top & fractionMask;
        return sign | (field << fractionBits) | fraction;
    }

    /// <summary>Unpacks an x87 extended encoding; unnormals, pseudo-NaNs and pseudo-infinities are <see cref="FpKind.Unsupported"/>.</summary>
    public static FpValue UnpackExtended(ushort signExponent, ulong significand)
    {
        bool sign = (signExponent & 0x8000) != 0;
        int field = signExponent & 0x7FFF;
        bool integer = (significand >> 63) != 0;
        if (field == 0x7FFF)
        {
            if (!integer)
                return new FpValue { Sign = sign, Kind = FpKind.Unsupported, Significand = significand };
            if ((significand << 1) == 0)
                return FpValue.Infinity(sign);
            return new FpValue { Sign = sign, Kind = (significand & (1UL << 62)) != 0 ? FpKind.QuietNaN : FpKind.SignalingNaN, Significand = significand };
        }
        if (field == 0)
        {
            if (significand == 0)
                return FpValue.Zero(sign);
            // A pseudo-denormal (integer bit set) has the same value as with exponent field 1.
            int shift = System.Numerics.BitOperations.LeadingZeroCount(significand);
            return new FpValue
            {
                Sign = sign, Kind = FpKind.Finite, WasDenormal = true,
                Significand = significand << shift, Exponent = Extended.MinExponent - shift,
            };
        }
        if (!integer)
            return new FpValue { Sign = sign, Kind = FpKind.Unsupported, Exponent = field - 16383, Significand = significand };
        return new FpValue { Sign = sign, Kind = FpKind.Finite, Exponent = field - 16383, Significand = significand };
    }

    /// <summary>An operand returned unchanged keeps its denormal encoding: a normalized value below the range shifts back.</summary>
    private static FpValue Denormalized(FpValue value, int minExponent)
    {
        if (value.Kind != FpKind.Finite || value.Exponent >= minExponent)
            return value;
        int shift = minExponent - value.Exponent;
        return value with { Exponent = minExponent, Significand = shift >= 64 ? 0 : value.Significand >> shift };
    }

    /// <summary>Packs an x87 extended value into its sign/exponent word and significand.</summary>
    public static (ushort SignExponent, ulong Significand) PackExtended(FpValue value)
    {
        value = Denormalized(value, Extended.MinExponent);
        int sign = value.Sign ? 0x8000 : 0;
        return value.Kind switch
        {
            FpKind.Zero => ((ushort)sign, 0UL),
            FpKind.Finite => ((ushort)(sign | ((value.Significand >> 63) != 0 ? value.Exponent + 16383 : 0)), value.Significand),
            FpKind.Infinity => ((ushort)(sign | 0x7FFF), 1UL << 63),
            _ => ((ushort)(sign | 0x7FFF), value.Significand | (1UL << 63)),
        };
    }
}
