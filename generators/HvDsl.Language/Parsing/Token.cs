using System.Collections.Generic;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>One token of a spec file, and the Sprache input positioned at it: parsers over tokens advance one token at a time.</summary>
/// <remarks>
/// Its position is the token's first character, after the trivia before it, so spans and errors point at the text itself.
/// It is also the result of reading it as its text, so a keyword or a punctuation mark matches without allocating.
/// A view of one entry of the stream's token array, made when a parse reaches it: it dies young, where a token object per
/// token lived to the end of the parse and was copied by every collection on the way. Two views of one token are equal.
/// </remarks>
internal sealed class Token : IInput, IResult<string>
{
    private readonly TokenStream stream;

    public Token(TokenStream stream, int index)
    {
        this.stream = stream;
        Index = index;
    }

    public TokenKind Kind => stream.Cuts[Index].Kind;

    /// <summary>The token's place in <see cref="TokenStream.Cuts"/>.</summary>
    public int Index { get; }

    /// <summary>Offset of the first character.</summary>
    public int Start => stream.Cuts[Index].Start;

    /// <summary>Characters in the token; 0 at the end.</summary>
    public int Length => stream.Cuts[Index].Length;

    /// <summary>Offset just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>A word's or punctuation's text (one string per distinct word in the file), or null for other kinds.</summary>
    /// <remarks>Looked up when asked rather than kept: most tokens are only compared, and a field would grow every token.</remarks>
    public string? Text => Kind is TokenKind.Word or TokenKind.Punctuation ? stream.TextOf(Index) : null;

    /// <summary>The stream this is a view of.</summary>
    public TokenStream Stream => stream;

    /// <summary>True when this is the word <paramref name="word"/>.</summary>
    public bool IsWord(string word) => stream.IsWord(Index, word);

    /// <summary>Offset just past the token before this one: where a node that ends before this token ends.</summary>
    public int PreviousEnd => Index == 0 ? 0 : stream.Cuts[Index - 1].End;

    /// <summary>The <c>///</c> lines between the previous token and this one, joined by newlines, or null.</summary>
    public string? Docs => stream.DocsBefore(Index);

    /// <summary>True when the text at <see cref="Start"/> is <paramref name="text"/> and this is a punctuation token.</summary>
    public bool Is(char text) => stream.Is(Index, text);

    /// <summary>The first token at or after <paramref name="position"/>, never one before this.</summary>
    public Token At(int position) => position <= Start ? this : stream.At(position);

    /// <summary>The token after this one; the end token is its own successor.</summary>
    public Token Next => Kind == TokenKind.End ? this : stream.View(Index + 1);

    /// <inheritdoc />
    public string Source => stream.Source;

    /// <inheritdoc />
    public char Current => stream.Source[Start];

    /// <inheritdoc />
    public bool AtEnd => Kind == TokenKind.End;

    /// <inheritdoc />
    public int Position => Start;

    /// <inheritdoc />
    public int Line => stream.LineColumn(Start).Line;

    /// <inheritdoc />
    public int Column => stream.LineColumn(Start).Column;

    /// <summary>Sprache's position of the token's first character.</summary>
    public Position Where()
    {
        var (line, column) = stream.LineColumn(Start);
        return new Position(Start, line, column);
    }

    /// <inheritdoc />
    public IDictionary<object, object> Memos => stream.MemosAt(Index);

    /// <inheritdoc />
    public IInput Advance() => Next;

    string IResult<string>.Value => Text ?? Source.Substring(Start, Length);

    bool IResult<string>.WasSuccessful => true;

    string IResult<string>.Message => string.Empty;

    IEnumerable<string> IResult<string>.Expectations => [];

    IInput IResult<string>.Remainder => Next;

    /// <inheritdoc />
    public bool Equals(IInput? other) => other is Token token && token.Index == Index && token.stream == stream;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IInput other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Index;
}
