using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu.Float;

// crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.
/// <summary>An IEEE binary64 value by its bits.</summary>
internal readonly record struct Float64(ulong Bits) : IBinaryFloat<Float64>
{
    public static FpFormat Format => FpFormat.Double;

    public FpValue Unpack(FpEnvironment env) => FpFormat.Double.UnpackBinary(Bits, env.Flavor == FpFlavor.Sse && env.DenormalsAreZero);

    public static Float64 Pack(in FpValue value) => new(FpFormat.Double.PackBinary(value));

    public static int Width => 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Float64 FromLane(UInt128 xmm, int lane) => new((ulong)(xmm >> (64 * lane)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public UInt128 InLane(UInt128 xmm, int lane) => (xmm & ~((UInt128)ulong.MaxValue << (64 * lane))) | ((UInt128)Bits << (64 * lane));

    public override string ToString() => $"{Bits:X16}";
}
