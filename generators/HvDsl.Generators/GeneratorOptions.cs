using HvDsl.Language.Emitting;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HvDsl.Generators;

/// <summary>Reads the emitter's options from the MSBuild properties the HvDsl build files make compiler-visible.</summary>
internal static class GeneratorOptions
{
    /// <summary>The namespace used when the project sets neither <c>HvDslNamespace</c> nor <c>RootNamespace</c>.</summary>
    public const string DefaultNamespace = "HvDsl.Generated";

    /// <summary><c>HvDslNamespace</c>, else <c>RootNamespace</c>, else <see cref="DefaultNamespace"/>; the version is the generator's own.</summary>
    public static EmitOptions Read(AnalyzerConfigOptionsProvider provider)
    {
        var global = provider.GlobalOptions;
        var ns = Property(global, "HvDslNamespace") ?? Property(global, "RootNamespace") ?? DefaultNamespace;
        return new EmitOptions(ns, Version);
    }

    /// <summary>The version written into <c>[GeneratedCode]</c>; the CLI uses the same assembly version.</summary>
    public static string Version { get; } = typeof(EmitOptions).Assembly.GetName().Version!.ToString();

    private static string? Property(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
