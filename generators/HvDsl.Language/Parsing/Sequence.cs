using System.Collections.Generic;
using System.Collections.Immutable;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>
/// A production read clause by clause, with the semantics of a Sprache query (<c>from a in A from b in B select ...</c>): each
/// clause runs where the one before stopped, and the first failure is the production's failure, as it was.
/// </summary>
/// <remarks>
/// A query builds an anonymous object and a result per clause, and a result for every optional clause that is absent; the
/// hottest productions (register, field, named value) read their clauses through this instead and allocate only their nodes.
/// It walks token indices: a name, number, symbol, access kind or absent optional clause is read from the stream without a
/// token view or a result; only a failing clause and the clauses that are parsers of their own run as Sprache parsers.
/// </remarks>
internal struct Sequence
{
    /// <summary>
    /// A clause read from the tokens by index, starting at <paramref name="at"/>: true with its value and <paramref name="at"/>
    /// past it when the clause is whole and well-formed there; false, having decided nothing, for the clause's parser to run.
    /// </summary>
    public delegate bool TokenRead<T>(TokenStream stream, ref int at, out T value);

    private readonly TokenStream stream;
    private readonly int start;
    private int at;
    private IInput? failedAt;
    private string? message;
    private IEnumerable<string>? expectations;

    /// <summary>A sequence starting at <paramref name="input"/>.</summary>
    public Sequence(IInput input)
        : this(((Token)input).Stream, ((Token)input).Index)
    {
    }

    /// <summary>A sequence starting at the token at <paramref name="index"/> of <paramref name="stream"/>.</summary>
    public Sequence(TokenStream stream, int index)
    {
        this.stream = stream;
        start = at = index;
        failedAt = null;
        message = null;
        expectations = null;
    }

    /// <summary>The index of the token after the last clause read.</summary>
    public readonly int At => at;

    /// <summary>The <c>///</c> lines before the next clause, or null.</summary>
    public readonly string? Docs => stream.DocsBefore(at);

    /// <summary>Runs <paramref name="parser"/>: true with its value when it succeeds; false, keeping its failure, when it fails.</summary>
    public bool Read<T>(Parser<T> parser, out T value)
    {
        var result = parser(stream.View(at));
        if (!result.WasSuccessful)
        {
            Fail(result);
            value = default!;
            return false;
        }
        value = result.Value;
        at = ((Token)result.Remainder).Index;
        return true;
    }

    /// <summary><see cref="Lexical.Name"/> as a clause.</summary>
    public bool ReadName(out NameSyntax name)
    {
        if (Lexical.NameAt(stream, at) is not { } read) return Read(Lexical.Name, out name);
        name = read;
        at++;
        return true;
    }

    /// <summary><see cref="Lexical.Number"/> as a clause.</summary>
    public bool ReadNumber(out NumberSyntax number)
    {
        if (Lexical.NumberAt(stream, at) is not { } read) return Read(Lexical.Number, out number);
        number = read;
        at++;
        return true;
    }

    /// <summary><see cref="Lexical.Access"/> as a clause.</summary>
    public bool ReadAccess(out AccessKind access)
    {
        if (Lexical.AccessKindAt(stream, at) is not { } kind) return Read(Lexical.Access, out access);
        access = kind;
        at++;
        return true;
    }

    /// <summary>A one-character <paramref name="symbol"/> (or keyword) parser as a clause, when the next token is <paramref name="text"/>.</summary>
    public bool Read(Parser<string> symbol, char text)
    {
        if (!stream.Is(at, text)) return Read(symbol, out _);
        at++;
        return true;
    }

    /// <summary>The keyword parser <paramref name="keyword"/> of <paramref name="word"/> as a clause.</summary>
    public bool Read(Parser<string> keyword, string word)
    {
        if (!stream.IsWord(at, word)) return Read(keyword, out _);
        at++;
        return true;
    }

    /// <summary>
    /// A member list or its <c>;</c> as a clause, read by <paramref name="end"/> (<c>{ items }</c> or <c>;</c>, the <c>{</c>
    /// branch first); a <c>;</c> is the empty list without running it.
    /// </summary>
    public bool ReadEnd<T>(Parser<ImmutableArray<T>> end, out ImmutableArray<T> items)
    {
        if (!stream.Is(at, ';')) return Read(end, out items);
        items = ImmutableArray<T>.Empty;
        at++;
        return true;
    }

    /// <summary>
    /// The optional clause <paramref name="clause"/>, <c>keyword number</c>, read from the stream when it is absent or whole;
    /// otherwise run, so a broken one fails as it would.
    /// </summary>
    public bool OptionalNumber(Parser<NumberSyntax> clause, string keyword, out NumberSyntax? number)
    {
        number = null;
        if (!stream.IsWord(at, keyword)) return true;
        if (Lexical.NumberAt(stream, at + 1) is not { } read) return Optional(clause, out number);
        number = read;
        at += 2;
        return true;
    }

    /// <summary>
    /// Sprache's <c>XOptional</c> of <paramref name="parser"/> as a clause: true with its value, or with the default when it fails
    /// without consuming (or cannot start here); false, keeping its failure, when it fails after consuming.
    /// </summary>
    public bool Optional<T>(Parser<T> parser, out T? value)
    {
        value = default;
        if (TokenParse.CannotStart(parser, stream, at)) return true;
        var here = stream.View(at);
        var result = parser(here);
        if (result.WasSuccessful)
        {
            value = result.Value;
            at = ((Token)result.Remainder).Index;
            return true;
        }
        if (result.Remainder.Equals(here)) return true;
        Fail(result);
        return false;
    }

    /// <summary>
    /// Sprache's <c>XOptional</c> of <paramref name="parser"/>, read by <paramref name="fast"/> straight from the tokens when the
    /// clause is whole; otherwise the parser runs, so a broken clause fails as it would.
    /// </summary>
    public bool Optional<T>(Parser<T> parser, TokenRead<T> fast, out T? value)
    {
        value = default;
        if (TokenParse.CannotStart(parser, stream, at)) return true;
        var end = at;
        if (!fast(stream, ref end, out var read)) return Optional(parser, out value);
        value = read;
        at = end;
        return true;
    }

    /// <summary>
    /// A member list (<c>{ items }</c>, read by <paramref name="fast"/> when it is whole, else by <paramref name="end"/>) or its
    /// <c>;</c> as a clause; a <c>;</c> is the empty list without running either.
    /// </summary>
    public bool ReadEnd<T>(Parser<ImmutableArray<T>> end, TokenRead<ImmutableArray<T>> fast, out ImmutableArray<T> items)
    {
        var from = at;
        if (stream.Is(at, ';') || !fast(stream, ref from, out items)) return ReadEnd(end, out items);
        at = from;
        return true;
    }

    /// <summary>Sprache's <c>XOptional</c> of a keyword: true when it is the next token, which it then consumes.</summary>
    public bool Optional(string keyword)
    {
        if (!stream.IsWord(at, keyword)) return false;
        at++;
        return true;
    }

    /// <summary>Sprache's <c>XOptional</c> of <see cref="Lexical.Access"/>: the access kind the next token names, consumed, or null.</summary>
    public AccessKind? OptionalAccess()
    {
        if (Lexical.AccessKindAt(stream, at) is not { } kind) return null;
        at++;
        return kind;
    }

    /// <summary>The production's failure: the failure of the clause that stopped it.</summary>
    public readonly IResult<T> Failure<T>() => new Failure<T>(failedAt!, message!, expectations!);

    /// <summary>
    /// The production's success: <paramref name="node"/>, ending where the last clause did, with the span <see cref="Lexical.Node"/>
    /// would give it (its first token's first character to its last token's last).
    /// </summary>
    public readonly IResult<T> Success<T>(T node) where T : SyntaxNode => new Success<T>(Placed(node), stream.View(at));

    /// <summary><paramref name="node"/> with the span <see cref="Success{T}"/> would give it.</summary>
    public readonly T Placed<T>(T node) where T : SyntaxNode
    {
        var length = at == start ? 0 : stream.Cuts[at - 1].End - stream.Cuts[start].Start;
        node.TryPlace(SpanScope.Of(stream.Cuts[start].Start, length));
        return node;
    }

    private void Fail<T>(IResult<T> result)
    {
        failedAt = result.Remainder;
        message = result.Message;
        expectations = result.Expectations;
    }
}
