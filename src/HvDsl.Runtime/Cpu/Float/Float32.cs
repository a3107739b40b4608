namespace HvDsl.Runtime.Cpu.Float;

/// <summary>An IEEE binary32 value by its bits.</summary>
internal readonly record struct Float32(uint Bits) : IFloatEncoding<Float32>
{
    public static FpFormat Format => FpFormat.Single;

    public FpValue Unpack(FpEnvironment env) => FpFormat.Single.UnpackBinary(Bits, env.Flavor == FpFlavor.Sse && env.DenormalsAreZero);

    public static Float32 Pack(in FpValue value) => new((uint)FpFormat.Single.PackBinary(value));

    public override string ToString() => $"{Bits:X8}";
}
