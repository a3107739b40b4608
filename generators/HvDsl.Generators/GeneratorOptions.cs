using HvDsl.Language;
using HvDsl.Language.Emitting;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HvDsl.Generators;

/// <summary>Reads the emitter's options from the MSBuild properties the HvDsl build files make compiler-visible.</summary>
internal static class GeneratorOptions
{
    /// <summary><c>HvDslNamespace</c>, else <c>RootNamespace</c>, else <see cref="EmitDefaults.Namespace"/>.</summary>
    public static EmitOptions Read(AnalyzerConfigOptionsProvider provider)
    {
        var global = provider.GlobalOptions;
        return EmitDefaults.Options(Property(global, "HvDslNamespace") ?? Property(global, "RootNamespace"));
    }

    private static string? Property(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
