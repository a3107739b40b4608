using System;
using Sprache;

namespace HvDsl.Language.Text;

/// <summary>The file being parsed on this thread, so Sprache's <see cref="IPositionAware{T}"/> nodes can build full spans.</summary>
internal static class SpanScope
{
    // Sprache hands nodes only an offset and a length; the path and line table come from here.
    [ThreadStatic] private static SourceText? current;

    public static IDisposable Enter(SourceText text)
    {
        var previous = current;
        current = text;
        return new Exit(previous);
    }

    public static SourceSpan Of(int start, int length) =>
        current?.Span(start, length) ?? new SourceSpan("", 1, start + 1, 1, start + length + 1, start, length);

    public static SourceSpan Of(Position start, int length) =>
        current?.Span(start.Pos, length) ?? new SourceSpan("", start.Line, start.Column, start.Line, start.Column + length, start.Pos, length);

    private sealed class Exit(SourceText? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }
}
