using System.Collections.Immutable;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Syntax;

/// <summary><c>cpuid Name { 0x0 => eax 0xD, vendor "GenuineIntel"; 0x7 sub 0 => ebx 0; }</c>.</summary>
/// <param name="Name">The table name.</param>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Leaves">The leaves in source order.</param>
public sealed record CpuidSyntax(NameSyntax Name, string? Doc, ImmutableArray<CpuidLeafSyntax> Leaves)
    : DeclarationSyntax(Name, Doc), IPositionAware<CpuidSyntax>
{
    /// <inheritdoc />
    public override string Keyword => "cpuid";

    /// <inheritdoc />
    public CpuidSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary>One leaf (and optional subleaf) with its register values.</summary>
/// <param name="Doc">Doc comment lines, or null.</param>
/// <param name="Leaf">EAX on entry.</param>
/// <param name="Subleaf">ECX on entry, or null when the leaf ignores ECX.</param>
/// <param name="Values">Register values; unnamed registers read as zero.</param>
public sealed record CpuidLeafSyntax(string? Doc, NumberSyntax Leaf, NumberSyntax? Subleaf, ImmutableArray<CpuidValueSyntax> Values)
    : SyntaxNode, IPositionAware<CpuidLeafSyntax>
{
    /// <inheritdoc />
    public CpuidLeafSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}

/// <summary><c>eax 0x1</c>, <c>ebx "Genu"</c> (4 ASCII bytes, little-endian) or <c>vendor "HvDslHvDslHv"</c> (EBX, ECX, EDX).</summary>
/// <param name="Register">eax, ebx, ecx, edx or vendor.</param>
/// <param name="Number">The numeric value, or null.</param>
/// <param name="Text">The text value, or null.</param>
public sealed record CpuidValueSyntax(NameSyntax Register, NumberSyntax? Number, StringSyntax? Text) : SyntaxNode, IPositionAware<CpuidValueSyntax>
{
    /// <inheritdoc />
    public CpuidValueSyntax SetPos(Position startPos, int length) => this with { Span = SpanScope.Of(startPos, length) };
}
