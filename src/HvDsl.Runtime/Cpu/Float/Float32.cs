using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu.Float;

// crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.
/// <summary>An IEEE binary32 value by its bits.</summary>
internal readonly record struct Float32(uint Bits) : IBinaryFloat<Float32>
{
    public static FpFormat Format => FpFormat.Single;

    public FpValue Unpack(FpEnvironment env) => FpFormat.Single.UnpackBinary(Bits, env.Flavor == FpFlavor.Sse && env.DenormalsAreZero);

    public static Float32 Pack(in FpValue value) => new((uint)FpFormat.Single.PackBinary(value));

    public static int Width => 32;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Float32 FromLane(UInt128 xmm, int lane) => new((uint)(xmm >> (32 * lane)));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public UInt128 InLane(UInt128 xmm, int lane) => (xmm & ~((UInt128)uint.MaxValue << (32 * lane))) | ((UInt128)Bits << (32 * lane));

    public override string ToString() => $"{Bits:X8}";
}
