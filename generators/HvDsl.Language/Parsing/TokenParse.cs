using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>
/// The Sprache combinators the grammar uses, with Sprache's semantics (which result wins, what a failure consumed, which
/// expectations it names), written so that running a parser allocates only its results.
/// </summary>
/// <remarks>
/// Declared in the grammar's namespace, these are found before <c>Sprache.Parse</c>'s, query syntax included. Sprache's own
/// build a closure and delegates on every call (its <c>SelectMany</c> a new <c>Select</c> parser per step); that was most
/// of the 600 MB a 10,000-register spec cost to parse.
/// Parsers that can only start at some tokens (a keyword, a symbol) carry that test, so <c>XOptional</c> and <c>XOr</c> skip
/// them, without a failure to allocate, at a token where they would fail without consuming.
/// </remarks>
internal static class TokenParse
{
    /// <summary>A parser's first-token test: false at a token where it would fail without consuming; read from the stream, so no view is made.</summary>
    public delegate bool StartTest(TokenStream stream, int index);

    /// <summary>Sprache's <c>SelectMany</c>: <paramref name="parser"/>, then the parser <paramref name="selector"/> picks, projected.</summary>
    public static Parser<V> SelectMany<T, U, V>(this Parser<T> parser, Func<T, Parser<U>> selector, Func<T, U, V> projector) => StartingLike(parser, input =>
    {
        var first = parser(input);
        if (!first.WasSuccessful) return Failure<V>.From(first);
        var second = selector(first.Value)(first.Remainder);
        return second.WasSuccessful ? new Success<V>(projector(first.Value, second.Value), second.Remainder) : Failure<V>.From(second);
    });

    /// <summary>Sprache's <c>Select</c>.</summary>
    public static Parser<U> Select<T, U>(this Parser<T> parser, Func<T, U> convert) => StartingLike(parser, input =>
    {
        var result = parser(input);
        return result.WasSuccessful ? new Success<U>(convert(result.Value), result.Remainder) : Failure<U>.From(result);
    });

    /// <summary>A parser of a node as a parser of its base type: the same results, none made again (Sprache's results are covariant).</summary>
    public static Parser<TBase> As<T, TBase>(this Parser<T> parser) where T : class, TBase => StartingLike(parser, input => parser(input));

    /// <summary>Sprache's <c>Then</c>: the second parser's result as it is.</summary>
    public static Parser<U> Then<T, U>(this Parser<T> first, Func<T, Parser<U>> second) => StartingLike(first, input =>
    {
        var result = first(input);
        return result.WasSuccessful ? second(result.Value)(result.Remainder) : Failure<U>.From(result);
    });

    /// <summary>Sprache's <c>Return</c> after a parser: its value replaced by <paramref name="value"/>.</summary>
    public static Parser<U> Return<T, U>(this Parser<T> parser, U value) => StartingLike(parser, input =>
    {
        var result = parser(input);
        return result.WasSuccessful ? new Success<U>(value, result.Remainder) : Failure<U>.From(result);
    });

    /// <summary>Sprache's <c>XOr</c>: the second parser only when the first failed without consuming (or matched nothing).</summary>
    public static Parser<T> XOr<T>(this Parser<T> first, Parser<T> second)
    {
        var firstStarts = StartOf(first);
        var secondStarts = StartOf(second);
        Parser<T> choice = input =>
        {
            // A first branch that cannot start here would fail without consuming: its failure only matters if the second fails too.
            if (firstStarts is not null && !StartsAt(firstStarts, input))
            {
                var onlyResult = second(input);
                return onlyResult.WasSuccessful ? onlyResult : BestError(first(input), onlyResult);
            }
            var firstResult = first(input);
            if (!firstResult.WasSuccessful)
            {
                if (!firstResult.Remainder.Equals(input)) return firstResult;
                var secondResult = second(input);
                return secondResult.WasSuccessful ? secondResult : BestError(firstResult, secondResult);
            }
            if (!firstResult.Remainder.Equals(input)) return firstResult;
            var alternative = second(input);
            return alternative.WasSuccessful ? alternative : firstResult;
        };
        return firstStarts is not null && secondStarts is not null ? Starting(choice, (stream, index) => firstStarts(stream, index) || secondStarts(stream, index)) : choice;
    }

    /// <summary>Sprache's <c>XOptional</c>: none when the parser fails without consuming, its failure when it fails after.</summary>
    public static Parser<IOption<T>> XOptional<T>(this Parser<T> parser)
    {
        var starts = StartOf(parser);
        return input =>
        {
            if (starts is not null && !StartsAt(starts, input)) return new Success<IOption<T>>(Option<T>.None, input);
            var result = parser(input);
            if (result.WasSuccessful) return new Success<IOption<T>>(Option<T>.Some(result.Value), result.Remainder);
            return result.Remainder.Equals(input) ? new Success<IOption<T>>(Option<T>.None, input) : Failure<IOption<T>>.From(result);
        };
    }

    /// <summary>Sprache's <c>XMany</c>: items until one fails; a failure after consuming fails the whole.</summary>
    public static Parser<IEnumerable<T>> XMany<T>(this Parser<T> parser) => input => Many(parser, input, new List<T>());

    /// <summary>Sprache's <c>XDelimitedBy</c>: one item, then any number of delimiter-and-item pairs.</summary>
    public static Parser<IEnumerable<T>> XDelimitedBy<T, U>(this Parser<T> item, Parser<U> delimiter)
    {
        var next = delimiter.Then(_ => item);
        return input =>
        {
            var head = item(input);
            return head.WasSuccessful ? Many(next, head.Remainder, [head.Value]) : Failure<IEnumerable<T>>.From(head);
        };
    }

    /// <summary>Sprache's <c>Named</c>: a failure that consumed nothing expects <paramref name="name"/>.</summary>
    public static Parser<T> Named<T>(this Parser<T> parser, string name)
    {
        var expected = new[] { name };
        return StartingLike(parser, input =>
        {
            var result = parser(input);
            return result.WasSuccessful || !result.Remainder.Equals(input) ? result : new Failure<T>(result.Remainder, result.Message, expected);
        });
    }

    /// <summary>Sprache's <c>Positioned</c> over tokens: the span runs from the first token's first character to the last token's last.</summary>
    public static Parser<T> Positioned<T>(this Parser<T> parser) where T : IPositionAware<T> => StartingLike(parser, input =>
    {
        var result = parser(input);
        if (!result.WasSuccessful) return result;
        var start = (Token)input;
        var rest = (Token)result.Remainder;
        var length = rest.Index == start.Index ? 0 : rest.PreviousEnd - start.Start;
        // A node made by this parse takes its span in place; one that has a span already is copied, as SetPos does.
        var placed = result.Value is SyntaxNode node && node.TryPlace(SpanScope.Of(start.Start, length)) ? result.Value : result.Value.SetPos(start.Where(), length);
        return new Success<T>(placed, rest);
    });

    /// <summary><paramref name="parser"/>, known to fail without consuming at any token <paramref name="starts"/> rejects.</summary>
    public static Parser<T> Starting<T>(Parser<T> parser, StartTest starts) => new StartingParser<T>(parser, starts).Parse;

    /// <summary>True when <paramref name="parser"/> carries a first-token test that the token at <paramref name="index"/> fails: it would fail there without consuming.</summary>
    public static bool CannotStart(Delegate parser, TokenStream stream, int index) => StartOf(parser) is { } starts && !starts(stream, index);

    // The first-token test of a parser built by Starting, or null when it has none.
    private static StartTest? StartOf(Delegate parser) => (parser.Target as StartingParser)?.Starts;

    private static bool StartsAt(StartTest starts, IInput input)
    {
        var token = (Token)input;
        return starts(token.Stream, token.Index);
    }

    // A parser built on another keeps its first-token test: it fails, unconsumed, wherever the other does.
    private static Parser<U> StartingLike<T, U>(Parser<T> inner, Parser<U> parser) => StartOf(inner) is { } starts ? Starting(parser, starts) : parser;

    private abstract class StartingParser(StartTest starts)
    {
        public StartTest Starts { get; } = starts;
    }

    private sealed class StartingParser<T>(Parser<T> parser, StartTest starts) : StartingParser(starts)
    {
        public IResult<T> Parse(IInput input) => parser(input);
    }

    private static IResult<IEnumerable<T>> Many<T>(Parser<T> parser, IInput input, List<T> items)
    {
        var rest = input;
        while (true)
        {
            var result = parser(rest);
            if (!result.WasSuccessful)
                return result.Remainder.Equals(rest) ? new Success<IEnumerable<T>>(items, rest) : Failure<IEnumerable<T>>.From(result);
            if (result.Remainder.Equals(rest)) return new Success<IEnumerable<T>>(items, rest);
            items.Add(result.Value);
            rest = result.Remainder;
        }
    }

    // Sprache's choice between two failures at an alternative: the one that got further, or both expectations where they met.
    private static IResult<T> BestError<T>(IResult<T> first, IResult<T> second) =>
        second.Remainder.Position > first.Remainder.Position ? second
        : second.Remainder.Position == first.Remainder.Position ? new Failure<T>(first.Remainder, first.Message, first.Expectations.Union(second.Expectations))
        : first;
}
