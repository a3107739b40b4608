using System;

namespace HvDsl.Machines.Pc;

/// <summary>
/// Splits a guest access into byte accesses, lowest address first (little-endian), for windows QEMU answers at any width
/// and offset while their spec, which gives each register one width, declares single bytes.
/// </summary>
internal static class ByteLanes
{
    // An access never carries more than the 8 bytes a ulong holds.
    private const int MaxWidth = 8;

    /// <summary>Reads <paramref name="width"/> bytes through <paramref name="readByte"/> and packs them.</summary>
    public static ulong Read(Func<ulong, int, ulong> readByte, ulong offset, int width)
    {
        ulong value = 0;
        for (var i = 0; i < Math.Min(width, MaxWidth); i++) value |= (readByte(offset + (ulong)i, 1) & 0xFF) << (8 * i);
        return value;
    }

    /// <summary>Writes the low <paramref name="width"/> bytes of <paramref name="value"/> through <paramref name="writeByte"/>.</summary>
    public static void Write(Action<ulong, int, ulong> writeByte, ulong offset, int width, ulong value)
    {
        for (var i = 0; i < Math.Min(width, MaxWidth); i++) writeByte(offset + (ulong)i, 1, (value >> (8 * i)) & 0xFF);
    }
}
