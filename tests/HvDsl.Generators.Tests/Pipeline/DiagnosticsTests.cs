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
    public void Broken_spec_is_reported_at_its_path_line_and_column_and_generates_only_its_skeleton()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, "device D {\n    size 1;\n    size 2;\n}\n"));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal($"{SpecPath}(3,5): error HV0018: 'size' is already set in 'D'. Keep one.", diagnostic.ToString());
        Assert.Equal(SpecPath, diagnostic.Location.GetLineSpan().Path);
        var skeleton = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("public sealed partial class D", skeleton);
        Assert.DoesNotContain("IIoDevice", skeleton);
    }

    [Fact]
    public void Diagnostics_carry_the_category_and_a_help_link_to_their_id()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, "machine M {\n    memory 64 MiB\n}\n"));

        var descriptor = Assert.Single(result.Diagnostics).Descriptor;
        Assert.Equal("HV0001", descriptor.Id);
        Assert.Equal("HvDsl", descriptor.Category);
        Assert.Equal("https://github.com/hvdsl/hvdsl/blob/main/docs/diagnostics/HV0001.md", descriptor.HelpLinkUri);
    }

    [Fact]
    public void Every_descriptor_links_to_its_page_in_docs_diagnostics_by_an_absolute_url()
    {
        Assert.All(SpecDiagnostics.Descriptors.Values, descriptor =>
        {
            Assert.Equal($"https://github.com/hvdsl/hvdsl/blob/main/docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(Infrastructure.SpecLibrary.Root, "docs", "diagnostics", descriptor.Id + ".md")), descriptor.Id);
        });
    }

    [Fact]
    public void Warning_in_a_spec_is_a_compiler_warning_and_the_device_still_generates()
    {
        var result = GeneratorRun.Once(new SpecText(SpecPath, "device D {\n    size 1;\n    register R @0 : u8 rw { F @0..1 { A = 1, B = 1 } }\n}\n"));

        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(result.Diagnostics).Severity);
        Assert.Contains("IIoDevice", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    [Fact]
    public void Broken_file_does_not_stop_the_others_from_generating()
    {
        var result = GeneratorRun.Once(
            new SpecText(SpecPath, "device D {\n    size 1;\n    size 2;\n}\n"),
            new SpecText("good.hvspec", "device Good {\n    size 1;\n    register R @0 : u8 rw;\n}\n"));

        Assert.Single(result.Diagnostics);
        var good = Assert.Single(result.GeneratedSources, s => s.HintName.StartsWith("Good", System.StringComparison.Ordinal));
        Assert.Contains("partial class Good : global::HvDsl.Runtime.Devices.IIoDevice", good.SourceText.ToString());
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
