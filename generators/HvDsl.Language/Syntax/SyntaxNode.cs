using HvDsl.Language.Text;

namespace HvDsl.Language.Syntax;

/// <summary>Base of every syntax node: an immutable piece of the tree with the span of text it came from.</summary>
public abstract record SyntaxNode
{
    /// <summary>The text this node was parsed from.</summary>
    public SourceSpan Span { get; init; }
}
