using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>Turns a Sprache failure into HV0001, located at the first token after the failure point.</summary>
internal static class SyntaxError
{
    public static Diagnostic From<T>(IResult<T> failure, SourceText source)
    {
        // A failure's remainder is a token, whose position is its first character: the offending text itself.
        var position = failure.Remainder.Position;
        var expected = failure.Expectations.Distinct().ToList();
        var expectation = expected.Count == 0 ? failure.Message : string.Join(" or ", expected);
        var found = Describe(source.Text, position);
        var word = found.Length > 0 && (char.IsLetter(source.Text[position]) || source.Text[position] == '_') ? source.Text.Substring(position, found.Length) : "";
        return Diagnostic.Create(DiagnosticDescriptors.SyntaxError, source.Span(position, found.Length), expectation, found.Description,
            Spelling.DidYouMean(word, Keywords(expectation)));
    }

    // The keywords an expectation names: quoted ('{', 'reset') or listed in parentheses ("a device member (size, access, ...)").
    private static IEnumerable<string> Keywords(string expectation) =>
        Quoted.Matches(expectation).Cast<Match>().Select(m => m.Groups[1].Value)
            .Concat(Listed.Matches(expectation).Cast<Match>().SelectMany(m => m.Groups[1].Value.Split(',')).Select(k => k.Trim()))
            .Where(k => k.Length > 0 && (char.IsLetter(k[0]) || k[0] == '_'));

    private static readonly Regex Quoted = new(@"'(\w+)'");

    private static readonly Regex Listed = new(@"\(([\w ,]+)\)");

    private static (string Description, int Length) Describe(string text, int position)
    {
        if (position >= text.Length) return ("the end of the file", 0);
        var end = position;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_')) end++;
        if (end == position) end = position + 1;
        // A message quotes at most the first 40 characters of the word, however long the word is.
        var word = text.Substring(position, System.Math.Min(end - position, 40)) + (end - position > 40 ? "…" : "");
        return (char.IsControl(word[0]) ? $"character 0x{(int)word[0]:X2}" : $"'{word}'", end - position);
    }
}
