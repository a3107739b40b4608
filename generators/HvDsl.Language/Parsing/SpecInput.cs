using System.Collections.Generic;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>A Sprache input that allocates its memo table only when asked, since Sprache's own allocates one per character.</summary>
internal sealed class SpecInput : IInput
{
    private IDictionary<object, object>? memos;

    public SpecInput(string source)
        : this(source, 0, 1, 1)
    {
    }

    private SpecInput(string source, int position, int line, int column)
    {
        Source = source;
        Position = position;
        Line = line;
        Column = column;
    }

    public string Source { get; }

    public char Current => Source[Position];

    public bool AtEnd => Position >= Source.Length;

    public int Position { get; }

    public int Line { get; }

    public int Column { get; }

    public IDictionary<object, object> Memos => memos ??= new Dictionary<object, object>();

    public IInput Advance() => AtEnd
        ? this
        : Current == '\n' ? new SpecInput(Source, Position + 1, Line + 1, 1) : new SpecInput(Source, Position + 1, Line, Column + 1);

    public bool Equals(IInput? other) => other is not null && ReferenceEquals(Source, other.Source) && Position == other.Position;

    public override bool Equals(object? obj) => obj is IInput other && Equals(other);

    public override int GetHashCode() => Position;
}
