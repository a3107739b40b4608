using System;
using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>The combinators every production uses: tokens, nodes with spans, documented nodes, blocks and keyword dispatch.</summary>
internal static partial class Lexical
{
    /// <summary><c>keyword Name { members }</c>: the shape every declaration but <c>hypercalls</c> and <c>msrs</c> has; broken members are reported and skipped.</summary>
    public static Parser<T> Block<TMember, T>(string keyword, Parser<TMember> member, string members, Func<NameSyntax, ImmutableArray<TMember>, T> build) =>
        from start in Keyword(keyword)
        from name in Name
        from open in Symbol("{")
        from items in Members(member, Close(members))
        from close in Recovered(Close(members))
        select build(name, items.ToImmutableArray());

    /// <summary>Chooses the production by the next word, so a member is not tried against every keyword in turn.</summary>
    /// <remarks>Fails without consuming when the word starts no branch; a chosen branch then reports its own errors.</remarks>
    public static Parser<T> Dispatch<T>(string description, params (string Keyword, Parser<T> Parser)[] branches)
    {
        var table = branches.ToDictionary(b => b.Keyword, b => b.Parser, StringComparer.Ordinal);
        var expected = new[] { description };
        var message = "expected " + description;
        return input =>
        {
            var start = Skip(input, keepDocs: false, docs: null);
            var end = start.Position;
            while (end < start.Source.Length && (char.IsLetterOrDigit(start.Source[end]) || start.Source[end] == '_')) end++;
            return table.TryGetValue(start.Source.Substring(start.Position, end - start.Position), out var parser)
                ? parser(input)
                : Result.Failure<T>(input, message, expected);
        };
    }

    /// <summary>A node: skips leading trivia so the span starts at the first token; fails without consuming if that token fails.</summary>
    public static Parser<T> Node<T>(Parser<T> parser) where T : IPositionAware<T> => Lead(parser.Positioned());

    /// <summary>A documented node: <c>///</c> lines, then the node built from their text.</summary>
    public static Parser<T> Documented<T>(Func<string?, Parser<T>> body) where T : IPositionAware<T> => input =>
    {
        var docs = Docs(input);
        var result = body(docs.Value).Positioned()(docs.Remainder);
        return result.WasSuccessful || !result.Remainder.Equals(docs.Remainder)
            ? result
            : Result.Failure<T>(input, result.Message, result.Expectations);
    };

    /// <summary>Trivia then the token; on failure nothing is consumed.</summary>
    private static Parser<T> Token<T>(Parser<T> parser)
    {
        return input =>
        {
            var result = parser(Skip(input, keepDocs: false, docs: null));
            return result.WasSuccessful ? result : Result.Failure<T>(input, result.Message, result.Expectations);
        };
    }

    private static Parser<T> Lead<T>(Parser<T> parser) => input =>
    {
        var start = Skip(input, keepDocs: false, docs: null);
        var result = parser(start);
        return result.WasSuccessful || !result.Remainder.Equals(start)
            ? result
            : Result.Failure<T>(input, result.Message, result.Expectations);
    };
}
