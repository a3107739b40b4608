using System;
using System.Collections.Generic;
using HvDsl.Language.Text;

namespace HvDsl.Language.Parsing;

/// <summary>A spec file's text cut into tokens once, before parsing: trivia and doc comments are read here and nowhere else.</summary>
/// <remarks>Parsing per character built a Sprache input and a result for every character of every token tried; a token array is read once.</remarks>
internal sealed class TokenStream
{
    private readonly SourceText text;
    private readonly Dictionary<int, string> docs = [];
    private readonly WordTable words;
    private Dictionary<int, IDictionary<object, object>>? memos;

    // The views of the tokens a parse is at: alternatives and optional clauses ask for the same few again and again.
    private readonly Token?[] views = new Token?[64];

    private TokenStream(SourceText text)
    {
        this.text = text;
        // A spec has a distinct word every sixty characters or so; a table sized for that seldom grows.
        words = new WordTable(text.Text.Length / 64);
    }

    /// <summary>The text the tokens are cut from.</summary>
    public string Source => text.Text;

    /// <summary>Every token in order, the end token last (at <see cref="Count"/> - 1): structs without references, which the collector neither scans nor copies.</summary>
    public Cut[] Cuts { get; private set; } = [];

    /// <summary>Tokens in <see cref="Cuts"/>; the entries after them are unused.</summary>
    public int Count { get; private set; }

    /// <summary>The first token.</summary>
    public Token First => View(0);

    /// <summary>The view of the token at <paramref name="index"/>: a recent one again, or a new one that dies young.</summary>
    public Token View(int index)
    {
        ref var slot = ref views[index & (views.Length - 1)];
        if (slot is { } view && view.Index == index) return view;
        return slot = new Token(this, index);
    }

    /// <summary>Cuts <paramref name="text"/> into tokens; never fails: a character that starts no token is a punctuation token.</summary>
    public static TokenStream Read(SourceText text)
    {
        var stream = new TokenStream(text);
        stream.CutAll();
        return stream;
    }

    /// <summary>The first token at or after <paramref name="position"/>: where a parse resumes after skipping broken text.</summary>
    public Token At(int position)
    {
        int low = 0, high = Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (Cuts[middle].Start < position) low = middle + 1;
            else high = middle;
        }
        return View(low);
    }

    /// <summary>The text of the word or punctuation token at <paramref name="index"/>, one string per distinct text.</summary>
    public string TextOf(int index)
    {
        var cut = Cuts[index];
        return cut.Kind == TokenKind.Punctuation && Source[cut.Start] < 128 ? Ascii[Source[cut.Start]] : words.Intern(Source, cut.Start, cut.Length);
    }

    /// <summary>True when the token at <paramref name="index"/> is the word <paramref name="word"/>.</summary>
    public bool IsWord(int index, string word)
    {
        var cut = Cuts[index];
        return cut.Kind == TokenKind.Word && cut.Length == word.Length && string.CompareOrdinal(Source, cut.Start, word, 0, word.Length) == 0;
    }

    /// <summary>True when the token at <paramref name="index"/> is the punctuation <paramref name="text"/>.</summary>
    public bool Is(int index, char text) => Cuts[index].Kind == TokenKind.Punctuation && Source[Cuts[index].Start] == text;

    public string? DocsBefore(int index) => docs.TryGetValue(index, out var lines) ? lines : null;

    public (int Line, int Column) LineColumn(int offset) => text.LineColumn(offset);

    public IDictionary<object, object> MemosAt(int index)
    {
        memos ??= [];
        if (!memos.TryGetValue(index, out var table)) memos.Add(index, table = new Dictionary<object, object>());
        return table;
    }

    private void CutAll()
    {
        var source = text.Text;
        // Specs average five or more characters a token: an array sized for four is allocated once.
        var tokens = new Cut[source.Length / 4 + 1];
        var count = 0;
        var lines = new List<string>();
        var at = 0;
        while (true)
        {
            at = SkipTrivia(source, at, lines);
            if (lines.Count > 0)
            {
                docs.Add(count, string.Join("\n", lines));
                lines.Clear();
            }
            if (count == tokens.Length) Array.Resize(ref tokens, tokens.Length * 2);
            if (at >= source.Length)
            {
                tokens[count++] = new Cut(TokenKind.End, source.Length, 0);
                (Cuts, Count) = (tokens, count);
                return;
            }
            var c = source[at];
            var (kind, end) = char.IsLetter(c) || c == '_' ? (TokenKind.Word, WordEnd(source, at))
                : char.IsDigit(c) ? (TokenKind.Number, WordEnd(source, at))
                : c == '"' && StringEnd(source, at) is var close and > 0 ? (TokenKind.String, close)
                : (TokenKind.Punctuation, at + 1);
            tokens[count++] = new Cut(kind, at, end - at);
            at = end;
        }
    }

    // Whitespace and '//' comments; the text of '///' lines goes to lines, one leading space dropped.
    private static int SkipTrivia(string source, int at, List<string> lines)
    {
        while (at < source.Length)
        {
            if (char.IsWhiteSpace(source[at]))
            {
                at++;
                continue;
            }
            if (at + 1 >= source.Length || source[at] != '/' || source[at + 1] != '/') break;
            var end = source.IndexOf('\n', at);
            if (end < 0) end = source.Length;
            if (at + 2 < source.Length && source[at + 2] == '/')
            {
                var line = source.Substring(at + 3, end - at - 3).TrimEnd('\r');
                lines.Add(line.StartsWith(" ", StringComparison.Ordinal) ? line.Substring(1) : line);
            }
            at = end;
        }
        return at;
    }

    private static int WordEnd(string source, int at)
    {
        while (at < source.Length && (char.IsLetterOrDigit(source[at]) || source[at] == '_')) at++;
        return at;
    }

    // Just past the closing quote of a string whose only escapes are \" and \\, or 0 when none closes on this line.
    private static int StringEnd(string source, int open)
    {
        for (var at = open + 1; at < source.Length; at++)
        {
            switch (source[at])
            {
                case '"': return at + 1;
                case '\n': return 0;
                case '\\' when at + 1 < source.Length && source[at + 1] is '"' or '\\': at++; break;
                case '\\': return 0;
            }
        }
        return 0;
    }

    /// <summary>Where one token lies in the text, and what it is: 8 bytes, the kind in the top byte above the length.</summary>
    /// <remarks>A token is at most <see cref="SpecParser.MaxLength"/> (2^22) characters long, so its length fits in 24 bits.</remarks>
    public readonly struct Cut(TokenKind kind, int start, int length)
    {
        private readonly int kindAndLength = (int)kind << 24 | length;

        public TokenKind Kind => (TokenKind)((uint)kindAndLength >> 24);

        public int Start { get; } = start;

        public int Length => kindAndLength & 0xFFFFFF;

        public int End => Start + Length;
    }

    private static readonly string[] Ascii = CreateAscii();

    private static string[] CreateAscii()
    {
        var table = new string[128];
        for (var c = 0; c < table.Length; c++) table[c] = ((char)c).ToString();
        return table;
    }
}
