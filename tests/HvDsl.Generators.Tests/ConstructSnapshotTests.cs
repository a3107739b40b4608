using System.Collections.Generic;
using System.IO;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Testing;

namespace HvDsl.Generators.Tests;

/// <summary>The code the generator writes from each language construct's spec under Constructs/ (through HvDsl.Testing), compared with the committed .snap files.</summary>
public sealed class ConstructSnapshotTests
{
    /// <summary>The folder of construct specs, beside this file in the repository.</summary>
    public static string Folder { get; } = Path.Combine(SpecLibrary.Root, "tests", "HvDsl.Generators.Tests", "Constructs");

    /// <summary>A construct spec's text.</summary>
    public static string Spec(string file) => File.ReadAllText(Path.Combine(Folder, file)).Replace("\r\n", "\n");

    public static IEnumerable<object[]> Sources() =>
        Directory.GetFiles(Folder, "*.hvspec").Select(Path.GetFileName).Order(System.StringComparer.Ordinal)
            .SelectMany(file => Generate(file!).Files.Select(f => new object[] { file!, f.HintName }));

    [Theory]
    [MemberData(nameof(Sources))]
    public void Construct_code_matches_snapshot(string file, string hintName)
    {
        var generated = Generate(file);
        Assert.DoesNotContain(generated.Diagnostics, d => d.Contains(": error ", System.StringComparison.Ordinal));
        CommittedSnapshot.Match(generated.File(hintName), "ConstructSnapshotTests.Construct_code_matches_snapshot", Path.GetFileNameWithoutExtension(file), hintName);
    }

    private static GeneratedSpecs Generate(string file) =>
        SpecGeneration.FromText([(file, Spec(file))], new SpecGenerationOptions { Namespace = SpecLibrary.Options.Namespace, KeepLineNumbers = true });
}
