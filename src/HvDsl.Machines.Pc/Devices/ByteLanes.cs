using System;

namespace HvDsl.Machines.Pc;

/// <summary>A device window whose spec declares single-byte registers, reached one byte at a time.</summary>
internal interface IByteWindow
{
    /// <summary>Reads the byte at <paramref name="offset"/> as the generated one-byte access does.</summary>
    byte ReadByte(ulong offset);

    /// <summary>Writes the byte at <paramref name="offset"/> as the generated one-byte access does.</summary>
    void WriteByte(ulong offset, byte value);
}

/// <summary>
/// Splits a guest access into byte accesses, lowest address first (little-endian), for windows QEMU answers at any width
/// and offset while their spec, which gives each register one width, declares single bytes.
/// </summary>
internal static class ByteLanes
{
    // An access never carries more than the 8 bytes a ulong holds.
    private const int MaxWidth = 8;

    /// <summary>Reads <paramref name="width"/> bytes from <paramref name="window"/> and packs them.</summary>
    public static ulong Read(IByteWindow window, ulong offset, int width)
    {
        ulong value = 0;
        for (var i = 0; i < Math.Min(width, MaxWidth); i++) value |= (ulong)window.ReadByte(offset + (ulong)i) << (8 * i);
        return value;
    }

    /// <summary>Writes the low <paramref name="width"/> bytes of <paramref name="value"/> to <paramref name="window"/>.</summary>
    public static void Write(IByteWindow window, ulong offset, int width, ulong value)
    {
        for (var i = 0; i < Math.Min(width, MaxWidth); i++) window.WriteByte(offset + (ulong)i, (byte)(value >> (8 * i)));
    }
}
