using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HvDsl.Generators.Tests.Pipeline;

/// <summary>Drives <see cref="HvSpecGenerator"/> the way the compiler does, with step tracking on.</summary>
internal static class GeneratorRun
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A compilation with one ordinary C# file, the kind of project the generator runs in.</summary>
    public static CSharpCompilation Compilation(string code = "class Program { }") =>
        CSharpCompilation.Create("Consumer", [CSharpSyntaxTree.ParseText(code, ParseOptions)]);

    /// <summary>A driver over <paramref name="files"/> with the given MSBuild properties (none by default).</summary>
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> files, IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            [new HvSpecGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new BuildProperties(properties ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="files"/> and returns its single result.</summary>
    public static GeneratorRunResult Once(params AdditionalText[] files) =>
        Driver(files).RunGenerators(Compilation()).GetRunResult().Results.Single();

    /// <summary>The reasons of every output of a tracked step in the last run.</summary>
    public static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    /// <summary>The reasons of every source the generator added or kept in the last run.</summary>
    public static IncrementalStepRunReason[] SourceReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.Values.SelectMany(s => s).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
}
