using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>The token layer: trivia (whitespace and comments), names, keywords, symbols, numbers and strings.</summary>
/// <remarks>Every token skips the trivia before it and, when it fails, consumes nothing, so <c>XOr</c> and <c>XMany</c>
/// only commit once a production's first token has matched and errors point at the real mistake.</remarks>
internal static partial class Lexical
{
    private static readonly Parser<ulong> IntegerLiteral = ReadInteger;

    /// <summary>Whitespace and all comments, doc comments included: what lies between two tokens.</summary>
    public static readonly Parser<bool> Trivia = input => Result.Success(true, Skip(input, keepDocs: false, docs: null));

    /// <summary>The <c>///</c> lines before a declaration, joined by newlines, or null when there are none.</summary>
    public static readonly Parser<string?> Docs = input =>
    {
        var lines = new List<string>();
        var rest = Skip(input, keepDocs: true, docs: lines);
        return Result.Success(lines.Count > 0 ? string.Join("\n", lines) : null, rest);
    };

    /// <summary>Skips whitespace and comments; with <paramref name="keepDocs"/>, collects <c>///</c> line texts into <paramref name="docs"/>.</summary>
    /// <remarks>Hand-written because it runs before every token: combinators here cost most of the parse time.</remarks>
    private static IInput Skip(IInput input, bool keepDocs, List<string>? docs)
    {
        var text = input.Source;
        var rest = input;
        while (!rest.AtEnd)
        {
            var at = rest.Position;
            if (char.IsWhiteSpace(text[at]))
            {
                rest = rest.Advance();
                continue;
            }
            if (at + 1 >= text.Length || text[at] != '/' || text[at + 1] != '/') break;
            var end = text.IndexOf('\n', at);
            if (end < 0) end = text.Length;
            if (keepDocs && at + 2 < text.Length && text[at + 2] == '/')
            {
                var line = text.Substring(at + 3, end - at - 3).TrimEnd('\r');
                docs!.Add(line.StartsWith(" ", StringComparison.Ordinal) ? line.Substring(1) : line);
            }
            while (rest.Position < end) rest = rest.Advance();
        }
        return rest;
    }

    private static readonly Parser<string> Word =
        Parse.Identifier(Parse.Letter.Or(Parse.Char('_')), Parse.LetterOrDigit.Or(Parse.Char('_')));

    /// <summary>A name with its span.</summary>
    public static readonly Parser<NameSyntax> Name = Token(Word.Select(w => new NameSyntax(w)).Positioned()).Named("a name");

    /// <summary>An integer literal: <c>0x3F8</c>, <c>1_000</c>, <c>0b1010</c>.</summary>
    public static readonly Parser<NumberSyntax> Number = Token(IntegerLiteral.Select(v => new NumberSyntax(v)).Positioned()).Named("a number");

    /// <summary>An integer literal with an optional minus sign.</summary>
    public static readonly Parser<NumberSyntax> SignedNumber = Token(
        (from minus in Parse.Char('-').Optional()
         from value in IntegerLiteral
         select new NumberSyntax(value, minus.IsDefined)).Positioned()).Named("a number");

    /// <summary>A number with an optional size unit, <c>64 MiB</c>, in bytes.</summary>
    public static readonly Parser<NumberSyntax> Size = Scaled("a size", ("KiB", 1UL << 10), ("MiB", 1UL << 20), ("GiB", 1UL << 30));

    /// <summary>A duration with a unit, <c>30 s</c> or <c>500 ms</c>, in milliseconds.</summary>
    public static readonly Parser<NumberSyntax> Duration = Scaled("a duration", ("ms", 1UL), ("s", 1000UL));

    /// <summary>A double-quoted string; <c>\"</c> and <c>\\</c> are the only escapes.</summary>
    public static readonly Parser<StringSyntax> String = Token(
        (from open in Parse.Char('"')
         from chars in Parse.Char('\\').Then(_ => Parse.Chars('"', '\\')).Or(Parse.CharExcept("\"\\\n")).Many().Text()
         from close in Parse.Char('"')
         select new StringSyntax(chars)).Positioned()).Named("a string");

    /// <summary>Keywords of the access kinds.</summary>
    public static readonly IReadOnlyDictionary<string, AccessKind> AccessKinds = new Dictionary<string, AccessKind>
    {
        ["ro"] = AccessKind.ReadOnly, ["wo"] = AccessKind.WriteOnly, ["rw"] = AccessKind.ReadWrite,
        ["w1c"] = AccessKind.WriteOneToClear, ["w1s"] = AccessKind.WriteOneToSet,
        ["rc"] = AccessKind.ReadToClear, ["wi"] = AccessKind.WriteIgnored, ["sc"] = AccessKind.SelfClearing, ["rsvd"] = AccessKind.Reserved,
    };

    /// <summary>An access kind keyword.</summary>
    public static readonly Parser<AccessKind> Access = Token(
        from word in Word
        where AccessKinds.ContainsKey(word)
        select AccessKinds[word]).Named("an access kind (ro, wo, rw, w1c, w1s, rc, wi, sc, rsvd)");

    /// <summary>';'.</summary>
    public static readonly Parser<string> Semicolon = Symbol(";");

    /// <summary>','.</summary>
    public static readonly Parser<string> Comma = Symbol(",");

    /// <summary>'=>', between a rule and its action.</summary>
    public static readonly Parser<string> FatArrow = Symbol("=>");

    /// <summary>A reserved word.</summary>
    public static Parser<string> Keyword(string keyword)
    {
        var expected = new[] { $"'{keyword}'" };
        var message = $"expected '{keyword}'";
        // Compares in place instead of lexing a word: keywords are tried often, and most tries fail.
        Parser<string> exact = input =>
        {
            var rest = input;
            foreach (var c in keyword)
            {
                if (rest.AtEnd || rest.Current != c) return Result.Failure<string>(input, message, expected);
                rest = rest.Advance();
            }
            return rest.AtEnd || !(char.IsLetterOrDigit(rest.Current) || rest.Current == '_')
                ? Result.Success(keyword, rest)
                : Result.Failure<string>(input, message, expected);
        };
        return Token(exact);
    }

    /// <summary>One of several reserved words, as a name with its span.</summary>
    public static Parser<NameSyntax> OneOf(params string[] keywords) =>
        Token(Word.Where(keywords.Contains).Select(w => new NameSyntax(w)).Positioned()).Named(string.Join(" or ", keywords.Select(k => $"'{k}'")));

    /// <summary>Punctuation.</summary>
    public static Parser<string> Symbol(string text) => Token(Parse.String(text).Text()).Named($"'{text}'");

    /// <summary>A '}' that closes a body whose members are described by <paramref name="members"/>.</summary>
    public static Parser<string> Close(string members) => Symbol("}").Named($"{members} or '}}'");

    /// <summary>Digits, letters and '_' read as one literal, then interpreted; too large a value is a failure, not an exception.</summary>
    private static IResult<ulong> ReadInteger(IInput input)
    {
        if (input.AtEnd || !char.IsDigit(input.Current)) return Result.Failure<ulong>(input, "expected a number", ["a number"]);
        var text = new System.Text.StringBuilder();
        var rest = input;
        while (!rest.AtEnd && (char.IsLetterOrDigit(rest.Current) || rest.Current == '_'))
        {
            text.Append(rest.Current);
            rest = rest.Advance();
        }
        var literal = text.ToString().Replace("_", "");
        var (digits, radix) = literal.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? (literal.Substring(2), 16)
            : literal.StartsWith("0b", StringComparison.OrdinalIgnoreCase) ? (literal.Substring(2), 2)
            : (literal, 10);
        return TryConvert(digits, radix, out var value)
            ? Result.Success(value, rest)
            : Result.Failure<ulong>(input, "invalid number", [$"a {(radix == 16 ? "hex" : radix == 2 ? "binary" : "decimal")} number that fits in 64 bits"]);
    }

    private static bool TryConvert(string digits, int radix, out ulong value)
    {
        value = 0;
        if (digits.Length == 0) return false;
        foreach (var c in digits)
        {
            var digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
            if (digit >= radix || value > (ulong.MaxValue - (ulong)digit) / (ulong)radix) return false;
            value = value * (ulong)radix + (ulong)digit;
        }
        return true;
    }

    private static Parser<NumberSyntax> Scaled(string description, params (string Unit, ulong Factor)[] units)
    {
        var unit = Token(Word.Where(w => units.Any(u => u.Unit == w))).Select(w => units.First(u => u.Unit == w).Factor);
        var scaled =
            from value in IntegerLiteral
            from factor in unit.Optional()
            select (Value: value, Factor: factor.GetOrElse(1UL));
        Parser<NumberSyntax> checkedValue = input =>
        {
            var result = scaled(input);
            if (!result.WasSuccessful) return Result.Failure<NumberSyntax>(input, result.Message, result.Expectations);
            var (value, factor) = result.Value;
            return value <= ulong.MaxValue / factor
                ? Result.Success(new NumberSyntax(value * factor), result.Remainder)
                : Result.Failure<NumberSyntax>(input, "too large", [$"{description} that fits in 64 bits"]);
        };
        return Token(checkedValue.Positioned()).Named(description);
    }
}
