using HvDsl.Language.Text;

namespace HvDsl.Language.Syntax;

/// <summary>Base of every syntax node: an immutable piece of the tree with the span of text it came from.</summary>
public abstract record SyntaxNode
{
    private SourceSpan span;

    /// <summary>The text this node was parsed from.</summary>
    public SourceSpan Span { get => span; init => span = value; }

    /// <summary>Gives a node the parser has just made its span in place, instead of a copy; false when it has a span already.</summary>
    /// <remarks>So a grammar builds each node per parse (<c>Select(_ => new ...)</c>), never one shared instance (<c>Return(new ...)</c>).</remarks>
    internal bool TryPlace(SourceSpan value)
    {
        if (span.Path is not null) return false;
        span = value;
        return true;
    }
}
