using System;
using System.Linq;
using System.Text;

namespace HvDsl.Language.Emitting;

/// <summary>Writes C# text with four-space indentation and <c>\n</c> line ends, so output is the same on every machine.</summary>
internal sealed class CodeWriter
{
    private static readonly char[] LineTerminators = ['\r', '\n', '\u0085', '\u2028', '\u2029'];

    private readonly StringBuilder text = new();
    private int depth;

    /// <summary>Writes one indented line; an empty line carries no indentation.</summary>
    /// <exception cref="InvalidOperationException">The line holds a C# line terminator, which only spec text passed by without <see cref="CSharpText"/> could bring.</exception>
    public CodeWriter Line(string line = "")
    {
        // The guarantee behind CSharpText: no emitted line can end early, so no comment can end and let spec text compile.
        if (line.IndexOfAny(LineTerminators) >= 0) throw new InvalidOperationException("A generated line holds a line terminator.");
        if (line.Length > 0) text.Append(' ', depth * 4).Append(line);
        text.Append('\n');
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result closes the block.</summary>
    public IDisposable Block(string header, string close = "}")
    {
        Line(header);
        return Indent("{", close);
    }

    /// <summary>Writes <paramref name="open"/>, indents, and on dispose outdents and writes <paramref name="close"/>.</summary>
    public IDisposable Indent(string? open = null, string? close = null)
    {
        if (open is not null) Line(open);
        depth++;
        return new Closer(this, close);
    }

    /// <summary>Writes a <c>&lt;summary&gt;</c> doc comment, one line per line of <paramref name="summary"/> (already XML).</summary>
    public CodeWriter Summary(string summary)
    {
        var lines = summary.Split('\n').Select(CSharpText.Comment).ToArray();
        if (lines.Length == 1) return Line($"/// <summary>{lines[0]}</summary>");
        Line("/// <summary>");
        foreach (var line in lines) Line($"/// {line}");
        return Line("/// </summary>");
    }

    /// <inheritdoc />
    public override string ToString() => text.ToString();

    private sealed class Closer(CodeWriter writer, string? close) : IDisposable
    {
        public void Dispose()
        {
            writer.depth--;
            if (close is not null) writer.Line(close);
        }
    }
}
