using System.Collections.Generic;
using HvDsl.Language.Syntax;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>
/// A production read clause by clause, with the semantics of a Sprache query (<c>from a in A from b in B select ...</c>): each
/// clause runs where the one before stopped, and the first failure is the production's failure, as it was.
/// </summary>
/// <remarks>
/// A query builds an anonymous object and a result per clause, and a result for every optional clause that is absent; the
/// hottest productions (register, field, named value) read their clauses through this instead and allocate only their node.
/// </remarks>
internal struct Sequence
{
    private IInput? failedAt;
    private string? message;
    private IEnumerable<string>? expectations;

    /// <summary>A sequence starting at <paramref name="input"/>.</summary>
    public Sequence(IInput input)
    {
        Rest = input;
        failedAt = null;
        message = null;
        expectations = null;
    }

    /// <summary>Where the next clause starts.</summary>
    public IInput Rest { get; private set; }

    /// <summary>The token the next clause starts at.</summary>
    public Token Next => (Token)Rest;

    /// <summary>Runs <paramref name="parser"/>: true with its value when it succeeds; false, keeping its failure, when it fails.</summary>
    public bool Read<T>(Parser<T> parser, out T value)
    {
        var result = parser(Rest);
        if (!result.WasSuccessful)
        {
            Fail(result);
            value = default!;
            return false;
        }
        value = result.Value;
        Rest = result.Remainder;
        return true;
    }

    /// <summary>
    /// Sprache's <c>XOptional</c> of <paramref name="parser"/> as a clause: true with its value, or with the default when it fails
    /// without consuming (or cannot start here); false, keeping its failure, when it fails after consuming.
    /// </summary>
    public bool Optional<T>(Parser<T> parser, out T? value)
    {
        value = default;
        if (TokenParse.CannotStart(parser, Next)) return true;
        var result = parser(Rest);
        if (result.WasSuccessful)
        {
            value = result.Value;
            Rest = result.Remainder;
            return true;
        }
        if (result.Remainder.Equals(Rest)) return true;
        Fail(result);
        return false;
    }

    /// <summary>Sprache's <c>XOptional</c> of a keyword: true when it is the next token, which it then consumes.</summary>
    public bool Optional(string keyword)
    {
        if (!Next.IsWord(keyword)) return false;
        Rest = Next.Next;
        return true;
    }

    /// <summary>Sprache's <c>XOptional</c> of <see cref="Lexical.Access"/>: the access kind the next token names, consumed, or null.</summary>
    public AccessKind? OptionalAccess()
    {
        if (Lexical.AccessKindOf(Next) is not { } kind) return null;
        Rest = Next.Next;
        return kind;
    }

    /// <summary>The production's failure: the failure of the clause that stopped it.</summary>
    public IResult<T> Failure<T>() => new Failure<T>(failedAt!, message!, expectations!);

    /// <summary>The production's success: <paramref name="value"/>, ending where the last clause did.</summary>
    public IResult<T> Success<T>(T value) => new Success<T>(value, Rest);

    private void Fail<T>(IResult<T> result)
    {
        failedAt = result.Remainder;
        message = result.Message;
        expectations = result.Expectations;
    }
}
