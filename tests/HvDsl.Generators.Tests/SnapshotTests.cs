using System.Collections.Generic;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Testing;

namespace HvDsl.Generators.Tests;

/// <summary>
/// The code the generator writes from every spec in specs/, through HvDsl.Testing as users get it, compared with the
/// committed .snap files; the spec line comments are kept, so the snapshots also show where each arm came from.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly SpecGenerationOptions Options = new() { Namespace = SpecLibrary.Options.Namespace, KeepLineNumbers = true };

    private static readonly System.Lazy<GeneratedSpecs> Generated = new(() => SpecGeneration.FromText(SpecLibrary.Files(), Options));

    public static IEnumerable<object[]> Files() => Generated.Value.Files.Select(f => new object[] { f.HintName });

    [Fact]
    public void Spec_library_generates_without_diagnostics() => Assert.Empty(Generated.Value.Diagnostics);

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_code_matches_snapshot(string hintName) =>
        CommittedSnapshot.Match(Generated.Value.File(hintName), "SnapshotTests.Generated_code_matches_snapshot", hintName);

    [Fact]
    public void Every_declaration_gets_one_file()
    {
        var names = SpecLibrary.Generated().Select(s => s.HintName).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Contains("Uart16550.Device.g.cs", names);
        Assert.Contains("Pc.Machine.g.cs", names);
    }

    [Fact]
    public void Output_is_deterministic_and_uses_newlines_only()
    {
        var first = SpecLibrary.Generated();
        var second = SpecLibrary.Generated();
        Assert.Equal(first, second);
        Assert.DoesNotContain(first, s => s.Text.Contains('\r'));
    }
}
