using System.Collections.Immutable;

namespace HvDsl.Language.Syntax;

/// <summary>One parsed <c>.hvspec</c> file.</summary>
/// <param name="Path">The file path as given to the parser.</param>
/// <param name="Declarations">The top-level declarations in file order.</param>
public sealed record SpecFileSyntax(string Path, ImmutableArray<DeclarationSyntax> Declarations) : SyntaxNode
{
    /// <summary>Names of declarations whose text was too broken to yield a node; references to them are not reported as unknown.</summary>
    public ImmutableArray<NameSyntax> Unparsed { get; init; } = ImmutableArray<NameSyntax>.Empty;
}

/// <summary>A top-level declaration: device, traps, cpuid, msrs, hypercalls, service or machine.</summary>
/// <param name="Name">The declared name.</param>
/// <param name="Doc">The <c>///</c> lines above it, joined by newlines, or null.</param>
public abstract record DeclarationSyntax(NameSyntax Name, string? Doc) : SyntaxNode
{
    /// <summary>The keyword that introduces this kind of declaration, for messages.</summary>
    public abstract string Keyword { get; }
}
