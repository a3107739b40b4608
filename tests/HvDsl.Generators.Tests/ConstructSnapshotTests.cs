using System.Collections.Generic;
using System.IO;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Language;
using HvDsl.Language.Emitting;

namespace HvDsl.Generators.Tests;

/// <summary>The code generated from each language construct's spec under Constructs/, compared with the committed .snap files.</summary>
public sealed class ConstructSnapshotTests
{
    /// <summary>The folder of construct specs, beside this file in the repository.</summary>
    public static string Folder { get; } = Path.Combine(SpecLibrary.Root, "tests", "HvDsl.Generators.Tests", "Constructs");

    /// <summary>A construct spec's text.</summary>
    public static string Spec(string file) => File.ReadAllText(Path.Combine(Folder, file)).Replace("\r\n", "\n");

    public static IEnumerable<object[]> Sources() =>
        Directory.GetFiles(Folder, "*.hvspec").Select(Path.GetFileName).Order(System.StringComparer.Ordinal)
            .SelectMany(file => Emit(file!).Select(s => new object[] { file!, s.HintName }));

    [Theory]
    [MemberData(nameof(Sources))]
    public void Construct_code_matches_snapshot(string file, string hintName)
    {
        var source = Emit(file).Single(s => s.HintName == hintName);
        CommittedSnapshot.Match(source.Text, "ConstructSnapshotTests.Construct_code_matches_snapshot", Path.GetFileNameWithoutExtension(file), hintName);
    }

    private static GeneratedSource[] Emit(string file)
    {
        var result = SpecCompiler.Compile([(file, Spec(file))]);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return SpecEmitter.EmitAll(result.Model, SpecLibrary.Options).ToArray();
    }
}
