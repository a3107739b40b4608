using System;
using System.Text;

namespace HvDsl.Runtime.Gdb;

/// <summary>The protocol's hexadecimal: numbers most significant digit first, byte strings two digits per byte.</summary>
internal static class Hex
{
    private const string Digits = "0123456789abcdef";

    public static byte Digit(int value) => (byte)Digits[value & 0xF];

    /// <summary>A number, as many digits as it needs.</summary>
    public static string Number(ulong value) => value.ToString("x");

    /// <summary>Two digits per byte, in memory order.</summary>
    public static string Bytes(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder(data.Length * 2);
        foreach (var b in data)
            text.Append(Digits[b >> 4]).Append(Digits[b & 0xF]);
        return text.ToString();
    }

    /// <summary>Parses a number of at most 16 digits; false on anything else.</summary>
    public static bool TryNumber(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 16)
            return false;
        foreach (var c in text)
        {
            var d = PacketDecoder.HexDigit((byte)(c < 128 ? c : 0));
            if (d < 0)
                return false;
            value = (value << 4) | (uint)d;
        }
        return true;
    }

    /// <summary>Parses two digits per byte; false on an odd length or a non-digit.</summary>
    public static bool TryBytes(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        if (text.Length % 2 != 0)
            return false;
        var output = new byte[text.Length / 2];
        for (var i = 0; i < output.Length; i++)
        {
            var high = PacketDecoder.HexDigit((byte)(text[2 * i] < 128 ? text[2 * i] : 0));
            var low = PacketDecoder.HexDigit((byte)(text[2 * i + 1] < 128 ? text[2 * i + 1] : 0));
            if (high < 0 || low < 0)
                return false;
            output[i] = (byte)((high << 4) | low);
        }
        data = output;
        return true;
    }
}
