using System.Collections.Generic;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;

namespace HvDsl.Generators.Tests;

/// <summary>The code generated from every spec in specs/, compared with the committed .snap files.</summary>
public sealed class SnapshotTests
{
    public static IEnumerable<object[]> Files() => SpecLibrary.Generated().Select(s => new object[] { s.HintName });

    [Theory]
    [MemberData(nameof(Files))]
    public void Generated_code_matches_snapshot(string hintName)
    {
        var source = SpecLibrary.Generated().Single(s => s.HintName == hintName);
        CommittedSnapshot.Match(source.Text, "SnapshotTests.Generated_code_matches_snapshot", hintName);
    }

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
