using System;
using System.Globalization;

namespace HvDsl.Cli.Options;

/// <summary>Parses the addresses and sizes hvdsl's options take: <c>0x1000</c>, <c>4096</c>, <c>64MiB</c>, <c>16M</c>.</summary>
internal static class GuestNumbers
{
    private static readonly (string Suffix, int Shift)[] Units =
    [
        ("KiB", 10), ("KB", 10), ("K", 10), ("MiB", 20), ("MB", 20), ("M", 20), ("GiB", 30), ("GB", 30), ("G", 30),
    ];

    /// <summary>A hexadecimal (<c>0x</c>) or decimal number.</summary>
    public static bool TryParseAddress(string text, out ulong value)
    {
        text = text.Trim().Replace("_", "", StringComparison.Ordinal);
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A number with an optional binary unit (K, M, G, with or without <c>iB</c>/<c>B</c>); sizes are powers of 1024.</summary>
    public static bool TryParseSize(string text, out ulong bytes)
    {
        text = text.Trim();
        var shift = 0;
        foreach (var (suffix, unitShift) in Units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            text = text[..^suffix.Length].TrimEnd();
            shift = unitShift;
            break;
        }
        bytes = 0;
        if (!TryParseAddress(text, out var count) || count > ulong.MaxValue >> shift) return false;
        bytes = count << shift;
        return true;
    }
}
