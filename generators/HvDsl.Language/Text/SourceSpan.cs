using System;

namespace HvDsl.Language.Text;

/// <summary>Where a piece of spec text lies: the file, 1-based start and end line and column, and character offsets.</summary>
/// <remarks>
/// A span the parser makes holds its file's line table and offsets only (16 bytes), and finds its lines, columns and quoted
/// line when asked: a tree of thousands of nodes carries no line numbers or line copies it seldom reads.
/// </remarks>
public readonly struct SourceSpan : IEquatable<SourceSpan>
{
    // The SourceText whose line table answers for this span, or a Location written out; null only in default(SourceSpan).
    private readonly object? origin;

    /// <summary>A span with its place written out.</summary>
    /// <param name="Path">The spec file as given to the parser.</param>
    /// <param name="StartLine">1-based line of the first character.</param>
    /// <param name="StartColumn">1-based column of the first character.</param>
    /// <param name="EndLine">1-based line just past the last character.</param>
    /// <param name="EndColumn">1-based column just past the last character.</param>
    /// <param name="Start">0-based offset of the first character.</param>
    /// <param name="Length">Number of characters covered.</param>
    public SourceSpan(string Path, int StartLine, int StartColumn, int EndLine, int EndColumn, int Start, int Length)
        : this(new Location(Path, StartLine, StartColumn, EndLine, EndColumn), Start, Length)
    {
    }

    internal SourceSpan(SourceText text, int start, int length)
        : this((object)text, start, length)
    {
    }

    private SourceSpan(object origin, int start, int length)
    {
        this.origin = origin;
        Start = start;
        Length = length;
    }

    /// <summary>The spec file as given to the parser.</summary>
    public string Path => origin switch { SourceText text => text.Path, Location location => location.Path, _ => null! };

    /// <summary>1-based line of the first character.</summary>
    public int StartLine => origin switch { SourceText text => text.LineColumn(Start).Line, Location location => location.StartLine, _ => 0 };

    /// <summary>1-based column of the first character.</summary>
    public int StartColumn => origin switch { SourceText text => text.LineColumn(Start).Column, Location location => location.StartColumn, _ => 0 };

    /// <summary>1-based line just past the last character.</summary>
    public int EndLine => origin switch { SourceText text => text.LineColumn(Start + Length).Line, Location location => location.EndLine, _ => 0 };

    /// <summary>1-based column just past the last character.</summary>
    public int EndColumn => origin switch { SourceText text => text.LineColumn(Start + Length).Column, Location location => location.EndColumn, _ => 0 };

    /// <summary>0-based offset of the first character.</summary>
    public int Start { get; }

    /// <summary>Number of characters covered.</summary>
    public int Length { get; }

    /// <summary>The text of the line the span starts on, trimmed, or null when unknown; emitters quote it above generated code.</summary>
    public string? LineText => origin is SourceText text ? text.LineAt(text.LineColumn(Start).Line) : null;

    /// <summary>True when both spans name the same file, offsets, lines, columns and quoted line.</summary>
    public bool Equals(SourceSpan other) =>
        Start == other.Start && Length == other.Length
        && (ReferenceEquals(origin, other.origin)
            || (Path == other.Path && StartLine == other.StartLine && StartColumn == other.StartColumn && EndLine == other.EndLine
                && EndColumn == other.EndColumn && LineText == other.LineText));

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SourceSpan other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => unchecked(((Path?.GetHashCode() ?? 0) * 31 + Start) * 31 + Length);

    /// <summary>True when the spans are equal.</summary>
    public static bool operator ==(SourceSpan left, SourceSpan right) => left.Equals(right);

    /// <summary>True when the spans differ.</summary>
    public static bool operator !=(SourceSpan left, SourceSpan right) => !left.Equals(right);

    /// <summary>The compiler-style location, <c>path(line,col)</c>.</summary>
    public override string ToString() => $"{Path}({StartLine},{StartColumn})";

    private sealed class Location(string path, int startLine, int startColumn, int endLine, int endColumn)
    {
        public string Path { get; } = path;

        public int StartLine { get; } = startLine;

        public int StartColumn { get; } = startColumn;

        public int EndLine { get; } = endLine;

        public int EndColumn { get; } = endColumn;
    }
}
