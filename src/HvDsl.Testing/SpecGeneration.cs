using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HvDsl.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HvDsl.Testing;

/// <summary>
/// Runs the HvDsl source generator over spec files as a build runs it (the same generator, fed the files as
/// AdditionalFiles and the namespace as a build property) and returns what it produced in a stable form for snapshots.
/// </summary>
public static class SpecGeneration
{
    /// <summary>Generates from every <c>*.hvspec</c> under <paramref name="folder"/> (searched recursively), named by their paths relative to it.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static GeneratedSpecs FromFolder(string folder, SpecGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"no spec folder {Path.GetFullPath(folder)}");
        var files = Directory.GetFiles(folder, "*" + HvSpecGenerator.SpecExtension, SearchOption.AllDirectories)
            .Select(path => (Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllText(path)));
        return FromText(files, options);
    }

    /// <summary>Generates from the spec files at <paramref name="paths"/>, named by the paths as given.</summary>
    public static GeneratedSpecs FromFiles(IEnumerable<string> paths, SpecGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return FromText(paths.Select(path => (path.Replace('\\', '/'), File.ReadAllText(path))), options);
    }

    /// <summary>Generates from specs held in memory: each a path (which names it in comments and diagnostics) and its text.</summary>
    public static GeneratedSpecs FromText(IEnumerable<(string Path, string Text)> specs, SpecGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        options ??= new SpecGenerationOptions();
        // The build hands the generator text with the file's own line ends; snapshots compare with newlines only.
        var texts = specs.OrderBy(s => s.Path, StringComparer.Ordinal)
            .Select(s => (AdditionalText)new SpecText(s.Path, s.Text.Replace("\r\n", "\n")))
            .ToArray();
        var properties = options.Namespace is { } ns ? new Dictionary<string, string> { ["HvDslNamespace"] = ns } : [];
        var driver = CSharpGeneratorDriver.Create(
            [new HvSpecGenerator().AsSourceGenerator()], texts, new CSharpParseOptions(LanguageVersion.Latest), new BuildProperties(properties));
        var result = driver.RunGenerators(CSharpCompilation.Create("Specs")).GetRunResult().Results.Single();
        if (result.Exception is { } exception) throw new InvalidOperationException($"the HvDsl generator failed: {exception.Message}", exception);
        var scrub = new Scrubber(options);
        var files = result.GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .Select(s => new GeneratedFile(s.HintName, scrub.Code(s.SourceText.ToString())))
            .ToArray();
        var diagnostics = result.Diagnostics.Select(scrub.Diagnostic).ToArray();
        return new GeneratedSpecs(files, diagnostics);
    }
}
