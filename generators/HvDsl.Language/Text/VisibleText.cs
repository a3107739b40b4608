using System.Globalization;
using System.Text;

namespace HvDsl.Language.Text;

/// <summary>Spec text made safe to show on one line: in a generated comment or in a diagnostic message.</summary>
internal static class VisibleText
{
    /// <summary>
    /// <paramref name="text"/> with every character that could end a line, reorder the text around it or not show at all
    /// (controls, format characters such as bidi overrides, line and paragraph separators, unpaired surrogates, unassigned
    /// code points) written as <c>\uXXXX</c>, or <c>\UXXXXXXXX</c> beyond the BMP; a tab stays a tab.
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsSurrogatePair(text, i);
            if (!Hidden(text, i, pair))
            {
                escaped?.Append(text, i, pair ? 2 : 1);
            }
            else
            {
                escaped ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
                escaped.Append(pair
                    ? "\\U" + char.ConvertToUtf32(text, i).ToString("X8", CultureInfo.InvariantCulture)
                    : "\\u" + ((int)text[i]).ToString("X4", CultureInfo.InvariantCulture));
            }
            if (pair) i++;
        }
        return escaped?.ToString() ?? text;
    }

    private static bool Hidden(string text, int index, bool pair)
    {
        if (text[index] == '\t') return false;
        if (char.IsSurrogate(text[index]) && !pair) return true;
        return CharUnicodeInfo.GetUnicodeCategory(text, index) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned;
    }
}
