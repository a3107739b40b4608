namespace HvDsl.Language.Text;

/// <summary>Where a piece of spec text lies: the file, 1-based start and end line and column, and character offsets.</summary>
/// <param name="Path">The spec file as given to the parser.</param>
/// <param name="StartLine">1-based line of the first character.</param>
/// <param name="StartColumn">1-based column of the first character.</param>
/// <param name="EndLine">1-based line just past the last character.</param>
/// <param name="EndColumn">1-based column just past the last character.</param>
/// <param name="Start">0-based offset of the first character.</param>
/// <param name="Length">Number of characters covered.</param>
public readonly record struct SourceSpan(string Path, int StartLine, int StartColumn, int EndLine, int EndColumn, int Start, int Length)
{
    /// <summary>The text of the line the span starts on, trimmed, or null when unknown; emitters quote it above generated code.</summary>
    public string? LineText { get; init; }

    /// <summary>The compiler-style location, <c>path(line,col)</c>.</summary>
    public override string ToString() => $"{Path}({StartLine},{StartColumn})";
}
