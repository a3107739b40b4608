using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary>An identifier as written, with its span.</summary>
/// <param name="Text">The identifier's characters.</param>
public sealed record NameSyntax(string Text) : SyntaxNode, IPositionAware<NameSyntax>
{
    /// <inheritdoc />
    public NameSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };

    /// <summary>The identifier's text.</summary>
    public override string ToString() => Text;
}

/// <summary>An integer literal (hex, decimal or binary, <c>_</c> separators, an optional size unit already applied).</summary>
/// <param name="Value">The magnitude of the value.</param>
/// <param name="IsNegative">True when written with a leading minus (hypercall results only).</param>
public sealed record NumberSyntax(ulong Value, bool IsNegative = false) : SyntaxNode, IPositionAware<NumberSyntax>
{
    /// <inheritdoc />
    public NumberSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };

    /// <summary>The value as a signed number.</summary>
    public long Signed => IsNegative ? -(long)Value : (long)Value;

    /// <summary>The value in decimal as the spec means it, so 2^64−1 reads 18446744073709551615, never -1.</summary>
    public string Decimal => (IsNegative ? "-" : "") + Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A double-quoted string literal.</summary>
/// <param name="Value">The text between the quotes, escapes resolved.</param>
public sealed record StringSyntax(string Value) : SyntaxNode, IPositionAware<StringSyntax>
{
    /// <inheritdoc />
    public StringSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
