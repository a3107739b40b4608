using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Tests;

/// <summary>A parsed span finds its lines when asked and is equal to another only when it names the same place the same way.</summary>
public class SourceSpanTests
{
    private static SourceSpan NameSpan(string text) =>
        ((DeviceSyntax)SpecCompiler.Parse("t.hvspec", text).Syntax!.Declarations[0]).Name.Span;

    [Fact]
    public void Span_of_a_parsed_name_gives_its_lines_columns_and_quoted_line()
    {
        var span = NameSpan("\n  device Uart { size 8; }\n");

        Assert.Equal((2, 10, 2, 14, 10, 4), (span.StartLine, span.StartColumn, span.EndLine, span.EndColumn, span.Start, span.Length));
        Assert.Equal("device Uart { size 8; }", span.LineText);
        Assert.Equal("t.hvspec(2,10)", span.ToString());
    }

    [Fact]
    public void Spans_of_two_parses_of_one_text_are_equal_and_hash_alike()
    {
        var first = NameSpan("device Uart { size 8; }");
        var second = NameSpan("device Uart { size 8; }");

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Spans_at_one_offset_differ_when_their_lines_or_quoted_lines_differ()
    {
        var oneLine = NameSpan("device Uart { size 8; }");

        Assert.NotEqual(oneLine, NameSpan("device Uart {\nsize 8; }"));
        Assert.NotEqual(NameSpan("\ndevice Uart { size 8; }"), NameSpan("\ndevice Uart { size 9; }"));
        Assert.NotEqual(oneLine, new SourceSpan("t.hvspec", 1, 8, 1, 12, 7, 4));
        Assert.Equal(new SourceSpan("t.hvspec", 1, 8, 1, 12, 7, 4), new SourceSpan("t.hvspec", 1, 8, 1, 12, 7, 4));
    }

    [Fact]
    public void Default_span_has_no_path_and_no_lines()
    {
        var span = default(SourceSpan);

        Assert.Null(span.Path);
        Assert.Equal((0, 0, null), (span.StartLine, span.StartColumn, span.LineText));
        Assert.Equal(span, default(SourceSpan));
    }
}
