using System;

namespace HvDsl.Language.Text;

/// <summary>A spec file's text with a line table, turning offsets into 1-based lines and columns.</summary>
internal sealed class SourceText
{
    private readonly int[] lineStarts;
    // Spans ask for lines and quotes long after the parse, from any thread: both caches hold only values any thread would compute.
    private string?[]? quotedLines;

    // The line of the last offset asked for: a parse asks in text order, so the next answer is nearly always on it.
    private int lastLine;

    public SourceText(string path, string text)
    {
        Path = path;
        Text = text;
        // Counted first, so the table is one array of its size, not a list grown by doubling and copied.
        var lines = 1;
        for (var at = text.IndexOf('\n'); at >= 0; at = text.IndexOf('\n', at + 1)) lines++;
        lineStarts = new int[lines];
        var line = 1;
        for (var at = text.IndexOf('\n'); at >= 0; at = text.IndexOf('\n', at + 1)) lineStarts[line++] = at + 1;
    }

    public string Path { get; }

    public string Text { get; }

    /// <summary>The span of <paramref name="length"/> characters at <paramref name="start"/>, its lines found when asked.</summary>
    public SourceSpan Span(int start, int length) => new(this, start, length);

    /// <summary>The longest line text a span quotes; longer lines are cut and end in an ellipsis.</summary>
    public const int MaxQuotedLine = 160;

    /// <summary>The quoted text of 1-based <paramref name="line"/>, made once: spans on one line share it.</summary>
    public string LineAt(int line)
    {
        quotedLines ??= new string?[lineStarts.Length];
        return quotedLines[line - 1] ??= Quote(line);
    }

    private string Quote(int line)
    {
        var start = lineStarts[line - 1];
        var end = line < lineStarts.Length ? lineStarts[line] : Text.Length;
        while (start < end && char.IsWhiteSpace(Text[start])) start++;
        while (end > start && char.IsWhiteSpace(Text[end - 1])) end--;
        if (end - start <= MaxQuotedLine) return Text.Substring(start, end - start);
        // Never between the halves of a surrogate pair, so the quote stays valid UTF-16.
        var cut = char.IsHighSurrogate(Text[start + MaxQuotedLine - 1]) ? MaxQuotedLine - 1 : MaxQuotedLine;
        return Text.Substring(start, cut) + "…";
    }

    /// <summary>The 1-based line and column of <paramref name="offset"/>.</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, Text.Length));
        var line = lastLine;
        if (offset < lineStarts[line] || (line + 1 < lineStarts.Length && offset >= lineStarts[line + 1]))
        {
            // A parse moves on a line at a time: the line after the last one is the likeliest.
            if (offset >= lineStarts[line] && (line + 2 >= lineStarts.Length || offset < lineStarts[line + 2]))
            {
                line++;
            }
            else
            {
                var index = Array.BinarySearch(lineStarts, offset);
                line = index >= 0 ? index : ~index - 1;
            }
            lastLine = line;
        }
        return (line + 1, offset - lineStarts[line] + 1);
    }
}
