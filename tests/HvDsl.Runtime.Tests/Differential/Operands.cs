using System;
using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>Reproducible operands for one instruction form: edge values often, random bit patterns otherwise.</summary>
internal sealed class Operands
{
    private readonly Random _random;

    /// <summary>Seeds from the form's name (FNV-1a), so each row always sees the same cases.</summary>
    public Operands(string form)
    {
        uint hash = 2166136261;
        foreach (char c in form)
            hash = (hash ^ c) * 16777619;
        _random = new Random((int)hash);
    }

    /// <summary>A full 64-bit register value: the bits above the operand must survive (or be zeroed) exactly as on the host.</summary>
    public ulong Register() => (ulong)_random.NextInt64() ^ ((ulong)_random.Next() << 33);

    /// <summary>A value of <paramref name="size"/> bytes placed into the low part of a random register.</summary>
    public ulong Operand(int size, ulong register)
    {
        ulong mask = ulong.MaxValue >> (64 - size * 8);
        return (register & ~mask) | (Value(size) & mask);
    }

    /// <summary>An operand value: a third edge values, the rest random with a varied number of significant bits.</summary>
    public ulong Value(int size)
    {
        int bits = size * 8;
        ulong sign = 1UL << (bits - 1);
        if (_random.Next(3) == 0)
        {
            ulong[] edges = [0, 1, 2, 9, 0x0F, 0x10, sign - 1, sign, sign + 1, ulong.MaxValue, ulong.MaxValue - 1, sign >> 1];
            return edges[_random.Next(edges.Length)];
        }
        return (ulong)_random.NextInt64() << 1 >> _random.Next(64 - bits, 64) ^ (ulong)_random.Next(2);
    }

    /// <summary>A shift or rotate count: mostly 0 .. width + 2, sometimes any byte, to cover the masking.</summary>
    public ulong Count(int size, ulong register) =>
        (register & ~0xFFUL) | (uint)(_random.Next(4) == 0 ? _random.Next(256) : _random.Next(size * 8 + 3));

    /// <summary>A random set of status flags, with the always-one bit 1 (DF, TF and IF stay clear for the host).</summary>
    public ulong Flags() => ((ulong)(uint)_random.Next() & RFlags.Arithmetic) | 2;
}
