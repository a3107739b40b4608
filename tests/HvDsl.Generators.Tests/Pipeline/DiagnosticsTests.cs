using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HvDsl.Generators.Tests.Pipeline;

/// <summary>Spec problems reach the build as compiler diagnostics located in the .hvspec file; the generator never throws.</summary>
public sealed class DiagnosticsTests
{
    private static readonly string SpecPath = Path.Combine(Path.GetTempPath(), "specs", "broken.hvspec");

    [Fact]
    public void Broken_spec_is_reported_at_its_path_line_and_column()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, "device D {\n    size 1;\n    size 2;\n}\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal($"{SpecPath}(3,5): error HV0018: 'size' is already set in 'D'. Keep one.", diagnostic.ToString());
        Assert.Equal(SpecPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Diagnostics_carry_the_category_and_a_help_link_to_their_id()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, "machine M {\n    memory 64 MiB\n}\n"));

        var descriptor = Assert.Single(result.Diagnostics).Descriptor;
        Assert.Equal("HV0001", descriptor.Id);
        Assert.Equal("HvDsl", descriptor.Category);
        Assert.Equal("docs/language.md#hv0001", descriptor.HelpLinkUri);
    }

    [Fact]
    public void Broken_file_does_not_stop_the_others_from_generating()
    {
        var result = GeneratorRun.Once(
            new SpecText(SpecPath, "device D {\n    size 1;\n    size 2;\n}\n"),
            new SpecText("good.hvspec", "device Good {\n    size 1;\n    register R @0 : u8 rw;\n}\n"));

        Assert.Single(result.Diagnostics);
        Assert.Contains("partial class Good", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    [Fact]
    public void Exception_while_reading_a_spec_becomes_hv9999_not_a_crash()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, null, new IOException("disk on fire")));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("HV9999", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Internal error, please report: IOException: disk on fire", diagnostic.GetMessage());
        Assert.Equal(SpecPath, diagnostic.Location.GetLineSpan().Path);
        Assert.Null(result.Exception);
    }

    [Fact]
    public void Unreadable_spec_becomes_hv0035_at_its_path()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, null));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("HV0035", SpecPath), (diagnostic.Id, diagnostic.Location.GetLineSpan().Path));
    }

    [Fact]
    public void Consumer_build_of_two_thousand_overlapping_registers_reports_a_hundred_and_a_count()
    {
        var spec = "device D {\n    size 1;\n" + string.Concat(Enumerable.Range(0, 2_000).Select(i => $"    register R{i} @0 : u8 rw;\n")) + "}\n";

        var result = GeneratorRun.Once(new SpecText(SpecPath, spec));

        Assert.Equal(101, result.Diagnostics.Length);
        Assert.Equal("HV0036", result.Diagnostics[^1].Id);
    }

    [Fact]
    public void Spec_over_the_size_limit_becomes_hv0034_without_being_parsed()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, new string(' ', HvDsl.Language.Parsing.SpecParser.MaxLength + 1)));

        Assert.Equal("HV0034", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Files_that_are_not_specs_are_ignored()
    {
        var result = GeneratorRun.Once(new SpecText("notes.txt", "device D {"));

        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Every_catalog_id_has_its_own_descriptor()
    {
        var ids = HvDsl.Language.Diagnostics.DiagnosticDescriptors.All.Select(d => d.Id).Append("HV9999");

        Assert.All(ids, id => Assert.Equal(id, SpecDiagnostics.Descriptors[id].Id));
        Assert.Equal(ids.Count(), SpecDiagnostics.Descriptors.Values.Distinct().Count());
    }
}
