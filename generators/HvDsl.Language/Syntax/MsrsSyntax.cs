using System.Collections.Immutable;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary><c>msrs Name { 0x10 Tsc rw reset 0; otherwise => raise GP(0); }</c>.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Entries">The MSRs in source order.</param>
/// <param name="Otherwise">What an unknown index does (<c>raise GP(0)</c> or <c>ignore</c>), or null for <c>raise GP(0)</c>.</param>
public sealed record MsrsSyntax(NameSyntax Name, string? Doc, ImmutableArray<MsrSyntax> Entries, TrapActionSyntax? Otherwise)
    : DeclarationSyntax(Name, Doc), IPositionAware<MsrsSyntax>
{
    /// <inheritdoc />
    public override string Keyword => "msrs";

    /// <inheritdoc />
    public MsrsSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>0xC0000080 Efer rw reset 0;</c>.</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Index">The MSR index (ECX).</param>
/// <param name="Name">The MSR name.</param>
/// <param name="Access">ro, wo, rw or wi.</param>
/// <param name="Reset">The reset value, or null for zero.</param>
public sealed record MsrSyntax(string? Doc, NumberSyntax Index, NameSyntax Name, AccessKind Access, NumberSyntax? Reset)
    : SyntaxNode, IPositionAware<MsrSyntax>
{
    /// <inheritdoc />
    public MsrSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
