namespace HvDsl.Runtime.Cpu.Float;

/// <summary>An x87 double-extended value: the sign/exponent word and the 64-bit significand with its explicit integer bit.</summary>
internal readonly record struct Extended80(ushort SignExponent, ulong Significand) : IFloatEncoding<Extended80>
{
    public static FpFormat Format => FpFormat.Extended;

    public FpValue Unpack(FpEnvironment env) => FpFormat.UnpackExtended(SignExponent, Significand);

    public static Extended80 Pack(in FpValue value)
    {
        (ushort signExponent, ulong significand) = FpFormat.PackExtended(value);
        return new Extended80(signExponent, significand);
    }

    public override string ToString() => $"{SignExponent:X4}:{Significand:X16}";
}
