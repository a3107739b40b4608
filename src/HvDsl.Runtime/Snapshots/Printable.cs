using System;
using System.Text;

namespace HvDsl.Runtime.Snapshots;

/// <summary>Text read from a snapshot, made safe to put inside a one-line message.</summary>
internal static class Printable
{
    private const int MaxLength = 120;

    /// <summary>Whether <paramref name="text"/> holds no control character, line or paragraph separator or unpaired surrogate.</summary>
    public static bool IsOneLine(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsPair(text, i)) i++;
            else if (Breaks(text[i])) return false;
        }
        return true;
    }

    /// <summary>
    /// <paramref name="text"/> with every character <see cref="IsOneLine"/> refuses, and the backslash, written as an escape
    /// (<c>\n</c>, <c>\u2028</c>), and cut to 120 characters, so it can neither break the line nor flood it.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(capacity: Math.Min(text.Length, MaxLength) + 8);
        var i = 0;
        for (; i < text.Length && escaped.Length < MaxLength; i++)
        {
            var c = text[i];
            if (IsPair(text, i))
            {
                escaped.Append(c).Append(text[++i]);
                continue;
            }
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\r': escaped.Append(@"\r"); break;
                case '\t': escaped.Append(@"\t"); break;
                default:
                    if (Breaks(c)) escaped.Append($"\\u{(int)c:X4}");
                    else escaped.Append(c);
                    break;
            }
        }
        return i < text.Length ? escaped.Append("...").ToString() : escaped.ToString();
    }

    private static bool IsPair(string text, int i) => char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    private static bool Breaks(char c) => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029';
}
