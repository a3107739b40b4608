using System;

namespace HvDsl.Runtime.Cpu.Float;

/// <summary>A binary32 or binary64 encoding as one element of a 128-bit XMM value (lane 0 the lowest).</summary>
internal interface IBinaryFloat<TSelf> : IFloatEncoding<TSelf> where TSelf : struct, IBinaryFloat<TSelf>
{
    /// <summary>Bits per element: 32 or 64.</summary>
    static abstract int Width { get; }

    /// <summary>Element <paramref name="lane"/> of <paramref name="xmm"/>.</summary>
    static abstract TSelf FromLane(UInt128 xmm, int lane);

    /// <summary><paramref name="xmm"/> with element <paramref name="lane"/> replaced by this value.</summary>
    UInt128 InLane(UInt128 xmm, int lane);
}
