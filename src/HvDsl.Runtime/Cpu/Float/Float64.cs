using System;

namespace HvDsl.Runtime.Cpu.Float;

/// <summary>An IEEE binary64 value by its bits.</summary>
internal readonly record struct Float64(ulong Bits) : IBinaryFloat<Float64>
{
    public static FpFormat Format => FpFormat.Double;

    public FpValue Unpack(FpEnvironment env) => FpFormat.Double.UnpackBinary(Bits, env.Flavor == FpFlavor.Sse && env.DenormalsAreZero);

    public static Float64 Pack(in FpValue value) => new(FpFormat.Double.PackBinary(value));

    public static int Width => 64;

    public static Float64 FromLane(UInt128 xmm, int lane) => new((ulong)(xmm >> (64 * lane)));

    public UInt128 InLane(UInt128 xmm, int lane) => (xmm & ~((UInt128)ulong.MaxValue << (64 * lane))) | ((UInt128)Bits << (64 * lane));

    public override string ToString() => $"{Bits:X16}";
}
