namespace HvDsl.Language.Parsing;

/// <summary>What a token of spec text is.</summary>
internal enum TokenKind : byte
{
    /// <summary>A letter or '_' then letters, digits and '_': a name or a keyword.</summary>
    Word,

    /// <summary>A digit then letters, digits and '_': an integer literal, read (or refused) by the number parsers.</summary>
    Number,

    /// <summary>A well-formed double-quoted string on one line.</summary>
    String,

    /// <summary>Any other single character, a '"' that starts no well-formed string included.</summary>
    Punctuation,

    /// <summary>The end of the text.</summary>
    End,
}
