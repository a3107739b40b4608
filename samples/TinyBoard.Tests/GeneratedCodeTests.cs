using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HvDsl.Testing;
using Snapshooter;
using Snapshooter.Xunit;

namespace TinyBoard.Tests;

/// <summary>The code the board's specs generate, one Snapshooter snapshot per file, stable across upgrades and comment edits.</summary>
public sealed class GeneratedCodeTests
{
    /// <summary>This project's folder, found above the test binaries, so snapshots live beside the tests wherever the build maps sources.</summary>
    private static readonly string ProjectFolder = FindAbove("TinyBoard.Tests.csproj");

    private static readonly Lazy<GeneratedSpecs> Generated = new(() =>
        SpecGeneration.FromFolder(Path.Combine(ProjectFolder, "..", "TinyBoard", "specs"), new SpecGenerationOptions { Namespace = "TinyBoard" }));

    public static IEnumerable<object[]> Files() => Generated.Value.Files.Select(f => new object[] { f.HintName });

    [Fact]
    public void Board_specs_generate_without_diagnostics() => Assert.Empty(Generated.Value.Diagnostics);

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_code_matches_snapshot(string hintName) =>
        Snapshot.Match(Generated.Value.File(hintName), new SnapshotFullName($"{nameof(Generated_code_matches_snapshot)}_{hintName}.snap", ProjectFolder));

    private static string FindAbove(string file)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, file))) return folder.FullName;
        }
        throw new InvalidOperationException($"{file} not found above {AppContext.BaseDirectory}");
    }
}
