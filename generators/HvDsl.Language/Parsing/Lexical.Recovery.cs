using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>Error recovery: a failed member or declaration is reported and skipped, so the parse goes on to find the next mistake.</summary>
internal static partial class Lexical
{
    /// <summary>The words that start a top-level declaration.</summary>
    public static readonly string[] DeclarationKeywords = ["device", "traps", "cpuid", "msrs", "hypercalls", "service", "machine"];

    /// <summary>
    /// Members up to <paramref name="stop"/>, the end of the text or a declaration keyword at the start of a line; a member with
    /// a syntax error is reported and skipped to the next member, so one mistake neither hides nor causes another.
    /// </summary>
    /// <remarks>A member <paramref name="fast"/> reads from the tokens is taken as it is; on any other the member parser runs.</remarks>
    public static Parser<IEnumerable<T>> Members<T, TStop>(Parser<T> member, Parser<TStop> stop, Sequence.TokenRead<T>? fast = null) =>
        Recovering(member, (rest, result) =>
        {
            var start = (Token)rest;
            var consumed = !result.Remainder.Equals(rest);
            if (!consumed && (start.AtEnd || StartsDeclaration(start.Source, start.Position) || stop(rest).WasSuccessful)) return null;
            if (consumed) Recovery.Report(result);
            else Recovery.Report(stop(rest));
            return SkipMember(start, result.Remainder.Position, member);
        }, fast).Select(items => (IEnumerable<T>)items);

    /// <summary>
    /// Items one after another; when one fails, <paramref name="recover"/> gets the input it started at and the failure, and
    /// returns null to end the list there or, having reported the failure, the input to go on from (always further on). An item
    /// <paramref name="fast"/> reads from the tokens is taken without running <paramref name="item"/> (no token view or result).
    /// </summary>
    public static Parser<ImmutableArray<T>> Recovering<T>(Parser<T> item, Func<IInput, IResult<T>, IInput?> recover, Sequence.TokenRead<T>? fast = null) => input =>
    {
        // A body of thousands of members grows its list past the large-object threshold: the list is kept for the next parse.
        var items = Interlocked.Exchange(ref KeptItems<T>.List, null) ?? new List<T>();
        try
        {
            var stream = ((Token)input).Stream;
            var at = ((Token)input).Index;
            while (true)
            {
                if (fast is not null && fast(stream, ref at, out var read))
                {
                    items.Add(read);
                    continue;
                }
                var rest = stream.View(at);
                var result = item(rest);
                if (result.WasSuccessful)
                {
                    items.Add(result.Value);
                    at = ((Token)result.Remainder).Index;
                }
                else if (recover(rest, result) is { } next)
                {
                    at = ((Token)next).Index;
                }
                else
                {
                    return new Success<ImmutableArray<T>>(items.ToImmutableArray(), rest);
                }
            }
        }
        finally
        {
            items.Clear();
            if (items.Capacity <= MaxKeptItems) KeptItems<T>.List = items;
        }
    };

    // Longer lists are not kept, so one huge body does not hold its list for the life of the process.
    private const int MaxKeptItems = 1 << 20;

    private static class KeptItems<T>
    {
        public static List<T>? List;
    }

    /// <summary>A closing token that, when missing, is reported and taken as present, so the declaration before it is kept.</summary>
    public static Parser<string> Recovered(Parser<string> close) => input =>
    {
        var result = close(input);
        if (result.WasSuccessful) return result;
        Recovery.Report(result);
        return new Success<string>(string.Empty, input);
    };

    /// <summary>The text from the first token that failed to start a declaration to the next line that starts one.</summary>
    public static IInput SkipDeclaration(Token start, int failure)
    {
        var text = start.Source;
        var at = System.Math.Max(start.Position + 1, failure);
        while (at < text.Length && !StartsDeclaration(text, at)) at++;
        return start.At(at);
    }

    /// <summary>True when a declaration keyword begins a line at <paramref name="at"/>: the one sign of a new declaration that holds even in broken text.</summary>
    private static bool StartsDeclaration(string text, int at) =>
        (at == 0 || text[at - 1] == '\n') && DeclarationKeywords.Any(k => WordAt(text, at, k));

    private static bool WordAt(string text, int at, string word) =>
        string.CompareOrdinal(text, at, word, 0, word.Length) == 0
        && (at + word.Length == text.Length || !(char.IsLetterOrDigit(text[at + word.Length]) || text[at + word.Length] == '_'));

    // Skips to after the member's ';' or its balanced '{ }', before the '}' that closes the body, or to a later line where a member parses.
    private static IInput SkipMember<T>(Token start, int failure, Parser<T> member)
    {
        var text = start.Source;
        var depth = 0;
        var at = start.Position;
        while (at < text.Length)
        {
            var c = text[at];
            if (at > start.Position && at >= failure && (StartsDeclaration(text, at) || (depth == 0 && StartsLine(text, at) && member(start.At(at)).WasSuccessful)))
                break;
            if (c == '/' && at + 1 < text.Length && text[at + 1] == '/')
            {
                while (at < text.Length && text[at] != '\n') at++;
                continue;
            }
            if (c == '"')
            {
                at++;
                while (at < text.Length && text[at] != '"' && text[at] != '\n') at += text[at] == '\\' ? 2 : 1;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0 && at > start.Position) break;
                if (--depth <= 0)
                {
                    at++;
                    break;
                }
            }
            else if (c == ';' && depth == 0)
            {
                at++;
                break;
            }
            at++;
        }
        return start.At(System.Math.Min(at, text.Length));
    }

    private static bool StartsLine(string text, int at)
    {
        if (char.IsWhiteSpace(text[at])) return false;
        var before = at - 1;
        while (before >= 0 && text[before] is ' ' or '\t' or '\r') before--;
        return before < 0 || text[before] == '\n';
    }
}
