using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;
using Sprache;
using static HvDsl.Language.Parsing.TokenParse;

namespace HvDsl.Language.Parsing;

/// <summary>The token parsers: names, keywords, symbols, numbers and strings, each reading the tokens <see cref="TokenStream"/> cut.</summary>
/// <remarks>Every token parser that fails consumes nothing, so <c>XOr</c> and <c>XMany</c> only commit once a production's first
/// token has matched and errors point at the real mistake.</remarks>
internal static partial class Lexical
{
    // Keyword and symbol parsers by their text: productions name them inline, inside query clauses that run on every parse.
    private static readonly ConcurrentDictionary<string, Parser<string>> Keywords = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Parser<string>> Symbols = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Parser<string>> Closes = new(StringComparer.Ordinal);

    /// <summary>The <c>///</c> lines before the next token, joined by newlines, or null when there are none; consumes nothing.</summary>
    public static readonly Parser<string?> Docs = input => new Success<string?>(((Token)input).Docs, input);

    /// <summary>A name with its span.</summary>
    public static readonly Parser<NameSyntax> Name = Read("a name", token => NameAt(token.Stream, token.Index));

    /// <summary>An integer literal: <c>0x3F8</c>, <c>1_000</c>, <c>0b1010</c>.</summary>
    public static readonly Parser<NumberSyntax> Number = Read("a number", token => NumberAt(token.Stream, token.Index));

    /// <summary>The name the token at <paramref name="index"/> is, or null when it is no word; what <see cref="Name"/> reads.</summary>
    public static NameSyntax? NameAt(TokenStream stream, int index)
    {
        var cut = stream.Cuts[index];
        return cut.Kind == TokenKind.Word ? new NameSyntax(stream.TextOf(index)) { Span = SpanScope.Of(cut.Start, cut.Length) } : null;
    }

    /// <summary>The number the token at <paramref name="index"/> is, or null when it is none; what <see cref="Number"/> reads.</summary>
    public static NumberSyntax? NumberAt(TokenStream stream, int index)
    {
        var cut = stream.Cuts[index];
        return Integer(stream, index) is { } value ? new NumberSyntax(value) { Span = SpanScope.Of(cut.Start, cut.Length) } : null;
    }

    /// <summary>An integer literal with an optional minus sign right before it.</summary>
    public static readonly Parser<NumberSyntax> SignedNumber = Expect("a number", token => Number(token) is { WasSuccessful: true } number ? number : Negative(token));

    /// <summary>A number with an optional size unit, <c>64 MiB</c>, in bytes.</summary>
    public static readonly Parser<NumberSyntax> Size = Scaled("a size", ("KiB", 1UL << 10), ("MiB", 1UL << 20), ("GiB", 1UL << 30));

    /// <summary>A duration with a unit, <c>30 s</c> or <c>500 ms</c>, in milliseconds.</summary>
    public static readonly Parser<NumberSyntax> Duration = Scaled("a duration", ("ms", 1UL), ("s", 1000UL));

    /// <summary>A double-quoted string; <c>\"</c> and <c>\\</c> are the only escapes.</summary>
    public static readonly Parser<StringSyntax> String = Read("a string", token => token.Kind == TokenKind.String
        ? new StringSyntax(Unescape(token.Source, token.Start + 1, token.End - 1)) { Span = SpanOf(token) }
        : null);

    /// <summary>Keywords of the access kinds.</summary>
    public static readonly IReadOnlyDictionary<string, AccessKind> AccessKinds = new Dictionary<string, AccessKind>
    {
        ["ro"] = AccessKind.ReadOnly, ["wo"] = AccessKind.WriteOnly, ["rw"] = AccessKind.ReadWrite,
        ["w1c"] = AccessKind.WriteOneToClear, ["w1s"] = AccessKind.WriteOneToSet,
        ["rc"] = AccessKind.ReadToClear, ["wi"] = AccessKind.WriteIgnored, ["sc"] = AccessKind.SelfClearing, ["rsvd"] = AccessKind.Reserved,
    };

    /// <summary>An access kind keyword.</summary>
    public static readonly Parser<AccessKind> Access = Expect("an access kind (ro, wo, rw, w1c, w1s, rc, wi, sc, rsvd)", token =>
        AccessKindAt(token.Stream, token.Index) is { } kind ? new Success<AccessKind>(kind, token.Next) : null);

    /// <summary>The access kind the token at <paramref name="index"/> names, or null when it names none.</summary>
    public static AccessKind? AccessKindAt(TokenStream stream, int index) =>
        stream.Cuts[index].Kind == TokenKind.Word && AccessKinds.TryGetValue(stream.TextOf(index), out var kind) ? kind : null;

    /// <summary>';'.</summary>
    public static readonly Parser<string> Semicolon = Symbol(";");

    /// <summary>','.</summary>
    public static readonly Parser<string> Comma = Symbol(",");

    /// <summary>'=>', between a rule and its action.</summary>
    public static readonly Parser<string> FatArrow = Symbol("=>");

    /// <summary>A reserved word.</summary>
    public static Parser<string> Keyword(string keyword) => Keywords.GetOrAdd(keyword, word =>
    {
        return Starting(Expect($"'{word}'", token => token.IsWord(word) ? token : null), (stream, index) => stream.IsWord(index, word));
    });

    /// <summary>One of several reserved words, as a name with its span.</summary>
    public static Parser<NameSyntax> OneOf(params string[] keywords) =>
        Read(string.Join(" or ", keywords.Select(k => $"'{k}'")), token =>
            token.Kind == TokenKind.Word && Array.IndexOf(keywords, token.Text) >= 0 ? new NameSyntax(token.Text!) { Span = SpanOf(token) } : null);

    /// <summary>Punctuation: one character, or several written together (<c>..</c>, <c>=&gt;</c>).</summary>
    public static Parser<string> Symbol(string text) => Symbols.GetOrAdd(text, (string symbol) => Starting(Expect<string>($"'{symbol}'", token =>
    {
        if (symbol.Length == 1) return token.Is(symbol[0]) ? token : null;
        var at = token;
        foreach (var c in symbol)
        {
            if (!at.Is(c) || (at.Index != token.Index && at.Start != at.PreviousEnd)) return null;
            at = at.Next;
        }
        return new Success<string>(symbol, at);
    }), (stream, index) => stream.Is(index, symbol[0])));

    /// <summary>A '}' that closes a body whose members are described by <paramref name="members"/>.</summary>
    public static Parser<string> Close(string members) => Closes.GetOrAdd(members, (string what) => Symbol("}").Named($"{what} or '}}'"));

    /// <summary>A parser of one token: <paramref name="read"/> gives the node it makes, or null when the token is not one.</summary>
    private static Parser<T> Read<T>(string expected, Func<Token, T?> read) where T : class =>
        Expect(expected, token => read(token) is { } value ? new Success<T>(value, token.Next) : null);

    /// <summary>A parser that <paramref name="match"/> runs at the next token; when it gives null, a failure there that expects <paramref name="expected"/>.</summary>
    private static Parser<T> Expect<T>(string expected, Func<Token, IResult<T>?> match)
    {
        var expectations = new[] { expected };
        var message = "expected " + expected;
        return input =>
        {
            var token = (Token)input;
            return match(token) ?? new Failure<T>(token, message, expectations);
        };
    }

    private static SourceSpan SpanOf(Token token) => SpanScope.Of(token.Start, token.Length);

    // '-' written right before a number.
    private static IResult<NumberSyntax>? Negative(Token token) =>
        token.Is('-') && token.Next is { Kind: TokenKind.Number } number && number.Start == token.End && Integer(number.Stream, number.Index) is { } value
            ? new Success<NumberSyntax>(new NumberSyntax(value, true) { Span = SpanScope.Of(token.Start, number.End - token.Start) }, number.Next)
            : null;

    private static Parser<NumberSyntax> Scaled(string description, params (string Unit, ulong Factor)[] units) => Expect(description, token =>
    {
        if (Integer(token.Stream, token.Index) is not { } value) return null;
        var next = token.Next;
        var factor = 1UL;
        foreach (var (unit, scale) in units)
        {
            if (!next.IsWord(unit)) continue;
            (factor, next) = (scale, next.Next);
            break;
        }
        return value <= ulong.MaxValue / factor
            ? new Success<NumberSyntax>(new NumberSyntax(value * factor) { Span = SpanScope.Of(token.Start, next.PreviousEnd - token.Start) }, next)
            : null;
    });

    /// <summary>A number token's value: '_' ignored, 0x and 0b prefixes; null when it is no number or does not fit in 64 bits.</summary>
    private static ulong? Integer(TokenStream stream, int index)
    {
        var cut = stream.Cuts[index];
        if (cut.Kind != TokenKind.Number) return null;
        var text = stream.Source;
        var at = cut.Start;
        var end = cut.End;
        // The prefix is read after the separators are dropped, so 0_x10 is hex as before.
        var first = NextDigit(text, at, end);
        var second = NextDigit(text, first + 1, end);
        var radix = 10UL;
        if (first < end && text[first] == '0' && second < end && text[second] is 'x' or 'X' or 'b' or 'B')
        {
            radix = text[second] is 'x' or 'X' ? 16UL : 2UL;
            at = second + 1;
        }
        var value = 0UL;
        var digits = 0;
        for (; at < end; at++)
        {
            var c = text[at];
            if (c == '_') continue;
            var digit = c >= '0' && c <= '9' ? (ulong)(c - '0') : c >= 'a' && c <= 'f' ? (ulong)(c - 'a' + 10) : c >= 'A' && c <= 'F' ? (ulong)(c - 'A' + 10) : 99UL;
            if (digit >= radix || value > (ulong.MaxValue - digit) / radix) return null;
            value = value * radix + digit;
            digits++;
        }
        return digits > 0 ? value : null;
    }

    private static int NextDigit(string text, int at, int end)
    {
        while (at < end && text[at] == '_') at++;
        return at;
    }

    private static string Unescape(string text, int start, int end)
    {
        var value = new System.Text.StringBuilder(end - start);
        for (var at = start; at < end; at++) value.Append(text[at] == '\\' ? text[++at] : text[at]);
        return value.ToString();
    }
}
