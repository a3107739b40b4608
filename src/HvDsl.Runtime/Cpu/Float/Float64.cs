namespace HvDsl.Runtime.Cpu.Float;

/// <summary>An IEEE binary64 value by its bits.</summary>
internal readonly record struct Float64(ulong Bits) : IFloatEncoding<Float64>
{
    public static FpFormat Format => FpFormat.Double;

    public FpValue Unpack(FpEnvironment env) => FpFormat.Double.UnpackBinary(Bits, env.Flavor == FpFlavor.Sse && env.DenormalsAreZero);

    public static Float64 Pack(in FpValue value) => new(FpFormat.Double.PackBinary(value));

    public override string ToString() => $"{Bits:X16}";
}
