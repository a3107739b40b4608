using System;

namespace HvDsl.Runtime.Serial;

/// <summary>A fixed-capacity first-in first-out byte buffer.</summary>
internal sealed class ByteRing(int capacity)
{
    private readonly byte[] _bytes = new byte[capacity];
    private int _start;

    /// <summary>How many bytes it holds.</summary>
    public int Count { get; private set; }

    /// <summary>How many more bytes it takes.</summary>
    public int Free => _bytes.Length - Count;

    public bool TryAdd(byte value)
    {
        if (Free == 0) return false;
        _bytes[(_start + Count) % _bytes.Length] = value;
        Count++;
        return true;
    }

    /// <summary>Adds all of <paramref name="values"/>, which must fit in <see cref="Free"/>.</summary>
    public void AddRange(ReadOnlySpan<byte> values)
    {
        foreach (var value in values) TryAdd(value);
    }

    public bool TryTake(out byte value)
    {
        value = 0;
        if (Count == 0) return false;
        value = _bytes[_start];
        Discard(1);
        return true;
    }

    /// <summary>The oldest bytes that lie in one piece, to hand to a socket without copying.</summary>
    public ReadOnlySpan<byte> Oldest() => _bytes.AsSpan(_start, Math.Min(Count, _bytes.Length - _start));

    /// <summary>Drops the <paramref name="count"/> oldest bytes.</summary>
    public void Discard(int count)
    {
        _start = (_start + count) % _bytes.Length;
        Count -= count;
    }

    public void Clear() => _start = Count = 0;
}
