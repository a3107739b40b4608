using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Syntax;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>The combinators every production uses: nodes with spans, documented nodes, blocks and keyword dispatch.</summary>
internal static partial class Lexical
{
    /// <summary><c>keyword Name { members }</c>: the shape every declaration but <c>hypercalls</c> and <c>msrs</c> has; broken members are reported and skipped.</summary>
    public static Parser<T> Block<TMember, T>(string keyword, Parser<TMember> member, string members, Func<NameSyntax, ImmutableArray<TMember>, T> build) =>
        Block(keyword, member, null, members, build);

    /// <summary>The same block, whose members <paramref name="fast"/> reads from the tokens where it can, <paramref name="member"/> elsewhere.</summary>
    public static Parser<T> Block<TMember, T>(
        string keyword, Parser<TMember> member, Sequence.TokenRead<TMember>? fast, string members, Func<NameSyntax, ImmutableArray<TMember>, T> build) =>
        from start in Keyword(keyword)
        from name in Name
        from open in Symbol("{")
        from items in Members(member, Close(members), fast)
        from close in Recovered(Close(members))
        select build(name, items.ToImmutableArray());

    /// <summary>Chooses the production by the next word, so a member is not tried against every keyword in turn.</summary>
    /// <remarks>Fails without consuming when the word starts no branch; a chosen branch then reports its own errors.</remarks>
    public static Parser<T> Dispatch<T>(string description, params (string Keyword, Parser<T> Parser)[] branches)
    {
        var table = branches.ToDictionary(b => b.Keyword, b => b.Parser, StringComparer.Ordinal);
        return Expect(description, token => token.Kind == TokenKind.Word && table.TryGetValue(token.Text!, out var parser) ? parser(token) : null);
    }

    /// <summary>A node: the span runs from its first token to its last.</summary>
    public static Parser<T> Node<T>(Parser<T> parser) where T : IPositionAware<T> => parser.Positioned();

    /// <summary>A documented node: the node built from the text of the <c>///</c> lines before its first token.</summary>
    /// <remarks>Builds the body's parser on every call, so it suits declarations; members take <see cref="Docs"/> as their first clause.</remarks>
    public static Parser<T> Documented<T>(Func<string?, Parser<T>> body) where T : IPositionAware<T> => input =>
        body(((Token)input).Docs).Positioned()(input);
}
