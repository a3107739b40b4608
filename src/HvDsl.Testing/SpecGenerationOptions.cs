namespace HvDsl.Testing;

/// <summary>How <see cref="SpecGeneration"/> runs the generator and how stable it makes what comes out.</summary>
public sealed record SpecGenerationOptions
{
    /// <summary>The namespace of the generated types, as the project's <c>HvDslNamespace</c> or <c>RootNamespace</c> would give it; null for the generator's default.</summary>
    public string? Namespace { get; init; }

    /// <summary>Keep the generator's version in <c>[GeneratedCode("HvDsl", version)]</c>; by default it reads <see cref="GeneratedSpecs.VersionPlaceholder"/>.</summary>
    public bool KeepVersion { get; init; }

    /// <summary>
    /// Keep the spec line numbers in generated comments (<c>// board.hvspec(12): ...</c>) and the line and column of
    /// diagnostics; by default they are left out (<c>// board.hvspec: ...</c>), so editing a comment above changes no snapshot.
    /// </summary>
    public bool KeepLineNumbers { get; init; }
}
