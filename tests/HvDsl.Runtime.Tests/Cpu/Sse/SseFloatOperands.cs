using System;
using HvDsl.Runtime.Tests.Float;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>Cases for <see cref="SseFloatDifferential"/>: A and B filled element by element from <see cref="FloatOperands"/>, or integers.</summary>
internal static class SseFloatOperands
{
    /// <summary>Four related binary32 pairs: element i of A with element i of B.</summary>
    public static HostFpuBlock Singles(FloatOperands o)
    {
        var block = HostFpuBlock.Create();
        for (var i = 0; i < 4; i++)
        {
            (ulong a, ulong b) = o.RelatedBinary(23, 8, o.Single().Bits, o.Single().Bits);
            block.A |= (UInt128)(uint)a << (32 * i);
            block.B |= (UInt128)(uint)b << (32 * i);
        }
        block.Integer = (ulong)o.Random.NextInt64();
        return block;
    }

    /// <summary>Two related binary64 pairs.</summary>
    public static HostFpuBlock Doubles(FloatOperands o)
    {
        var block = HostFpuBlock.Create();
        for (var i = 0; i < 2; i++)
        {
            (ulong a, ulong b) = o.RelatedBinary(52, 11, o.Double().Bits, o.Double().Bits);
            block.A |= (UInt128)a << (64 * i);
            block.B |= (UInt128)b << (64 * i);
        }
        block.Integer = (ulong)o.Random.NextInt64();
        return block;
    }

    /// <summary>Random XMM contents in A and signed integers in RAX and in B's four doublewords: small, of every width, and the extremes.</summary>
    public static HostFpuBlock Integers(FloatOperands o)
    {
        var block = HostFpuBlock.Create();
        block.A = new UInt128((ulong)o.Random.NextInt64(), (ulong)o.Random.NextInt64());
        block.Integer = (ulong)Integer(o);
        for (var i = 0; i < 4; i++)
            block.B |= (UInt128)(uint)(int)Integer(o) << (32 * i);
        return block;
    }

    private static long Integer(FloatOperands o) => o.Random.Next(5) switch
    {
        0 => o.Random.Next(-100000, 100000),
        1 => o.Random.NextInt64() >> o.Random.Next(64),
        2 => -(o.Random.NextInt64() >> o.Random.Next(64)),
        3 => o.Random.Next(2) == 0 ? long.MinValue : int.MinValue,
        _ => (long)(o.Random.NextInt64() >> o.Random.Next(32)) ^ (o.Random.Next(2) == 0 ? 0 : int.MaxValue),
    };
}
