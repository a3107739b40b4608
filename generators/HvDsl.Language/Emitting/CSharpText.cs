using System.Globalization;
using System.Text;
using HvDsl.Language.Text;

namespace HvDsl.Language.Emitting;

/// <summary>
/// The one place spec text becomes C# text: comments, XML doc text, string literals and identifiers. Whatever a spec
/// holds, the result cannot end a comment, close a literal or turn into other tokens, so it cannot change what the code means.
/// </summary>
internal static class CSharpText
{
    /// <summary>
    /// Text safe inside a <c>//</c> comment: line terminators (CR, LF, U+0085, U+2028, U+2029), other control characters,
    /// format characters (bidi overrides and isolates, zero-width marks), unpaired surrogates and unassigned code points
    /// are written as visible escapes (see <see cref="VisibleText.Escape"/>).
    /// </summary>
    public static string Comment(string text) => VisibleText.Escape(text);

    /// <summary>Text safe inside a <c>///</c> XML doc comment: <see cref="Comment"/> plus <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as entities.</summary>
    public static string XmlText(string text) => Comment(text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;"));

    /// <summary>
    /// A regular C# string literal whose value is exactly <paramref name="text"/>: printable ASCII stays as written,
    /// <c>\</c> and <c>"</c> are escaped, every other UTF-16 unit (controls, line terminators, non-ASCII, lone surrogates) is <c>\uXXXX</c>.
    /// </summary>
    public static string String(string text)
    {
        var literal = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c == '\\' || c == '"') literal.Append('\\').Append(c);
            else if (c >= ' ' && c <= '~') literal.Append(c);
            else literal.Append(Escape(c));
        }
        return literal.Append('"').ToString();
    }

    /// <summary>
    /// <paramref name="name"/> as a C# identifier: a keyword (reserved or contextual) gets the verbatim prefix <c>@</c>,
    /// so <c>class</c> names a member instead of starting a declaration.
    /// </summary>
    /// <exception cref="System.ArgumentException">The name has a character the grammar never lets into a name (it only admits letters, digits and <c>_</c>).</exception>
    public static string Identifier(string name)
    {
        if (!IsName(name)) throw new System.ArgumentException($"'{Comment(name)}' is not a spec name", nameof(name));
        return CSharpKeywords.Contains(name) ? "@" + name : name;
    }

    /// <summary>True for what the grammar reads as a name: a letter or <c>_</c>, then letters, decimal digits and <c>_</c>.</summary>
    public static bool IsName(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_')) return false;
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    private static string Escape(char c) => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
}
