using System;
using System.Text;

namespace HvDsl.Runtime.Firmware;

/// <summary>What the MP and ACPI tables share: byte checksums and space-padded ASCII ID fields.</summary>
internal static class FirmwareBytes
{
    /// <summary>The byte that makes <paramref name="structure"/> (its own checksum byte still 0) sum to 0 modulo 256.</summary>
    public static byte Checksum(ReadOnlySpan<byte> structure)
    {
        byte sum = 0;
        foreach (var b in structure) sum += b;
        return (byte)-sum;
    }

    /// <summary>
    /// <paramref name="text"/> in a field of <paramref name="width"/> bytes, padded with spaces, as both specifications' ID
    /// strings are; <paramref name="table"/> and <paramref name="field"/> name it in the error.
    /// </summary>
    /// <exception cref="ArgumentException">The text is longer than the field or not printable ASCII.</exception>
    public static byte[] Ascii(string table, string text, int width, string field)
    {
        if (text.Length > width) throw new ArgumentException($"the {table}'s {field} \"{text}\" is {text.Length} characters; the field holds {width}");
        foreach (var ch in text)
        {
            if (ch is < ' ' or > '~') throw new ArgumentException($"the {table}'s {field} \"{text}\" has a character that is not printable ASCII");
        }
        return Encoding.ASCII.GetBytes(text.PadRight(width));
    }
}
