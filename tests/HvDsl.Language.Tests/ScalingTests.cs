using System.Linq;
using System.Text;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Parsing;

namespace HvDsl.Language.Tests;

/// <summary>
/// Inputs that were quadratic (2,000 overlapping registers took 30 s and printed 2 M lines) at ten times that size:
/// each would take many minutes if any step still compared every pair.
/// </summary>
public class ScalingTests
{
    [Fact]
    public void Twenty_thousand_registers_at_one_offset_report_a_hundred_overlaps_and_a_count()
    {
        var spec = "device D {\n    size 1;\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"    register R{i} @0 : u8 rw;\n")) + "}\n";

        var result = SpecCompiler.Compile([("d.hvspec", spec)]);

        Assert.Equal(SpecCompiler.MaxDiagnosticsPerFile + 1, result.Diagnostics.Count);
        Assert.All(result.Diagnostics.Take(SpecCompiler.MaxDiagnosticsPerFile), d => Assert.Equal("HV0005", d.Id));
        Assert.Equal("HV0036", result.Diagnostics[^1].Id);
        Assert.StartsWith("19899 more problem(s)", result.Diagnostics[^1].Message);
    }

    [Fact]
    public void Twenty_thousand_banks_at_one_offset_coexist_and_the_one_repeating_a_value_is_found()
    {
        var spec = new StringBuilder("device D {\n    size 2;\n    register S @0 : u16 ro { F @0..15; }\n");
        for (var i = 0; i < 20_000; i++) spec.Append($"    register R{i} @0 : u16 wo when S.F == {i};\n");
        spec.Append("    register Again @0 : u16 wo when S.F == 7;\n}\n");

        var result = SpecCompiler.Compile([("d.hvspec", spec.ToString())]);

        var overlap = Assert.Single(result.Diagnostics);
        Assert.Equal(("HV0005", 20_004), (overlap.Id, overlap.Span.StartLine));
        Assert.Contains("'Again' overlaps 'R7'", overlap.Message);
    }

    [Fact]
    public void Twenty_thousand_placements_on_one_line_quote_at_most_a_line_prefix_each()
    {
        var spec = "device D { size 1; }\nmachine M { memory 1 MiB; " +
            string.Concat(Enumerable.Range(0, 20_480).Select(i => $"device D d{i} at io 0x{0x100 + i:X}; ")) + "}\n";

        var result = SpecCompiler.Compile([("m.hvspec", spec)]);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Take(3)));
        var placements = result.Model.Machines.Single().Devices;
        Assert.Equal(20_480, placements.Count);
        Assert.All(placements, p => Assert.True(p.Span.LineText!.Length <= Text.SourceText.MaxQuotedLine + 1));
    }

    [Fact]
    public void Twenty_thousand_overlapping_placements_are_each_reported_at_most_once()
    {
        var spec = "device D { size 2; }\nmachine M { memory 1 MiB; " +
            string.Concat(Enumerable.Range(0, 20_000).Select(i => $"device D d{i} at io 0x100; ")) + "}\n";

        var result = SpecCompiler.Compile([("m.hvspec", spec)]);

        Assert.Equal("HV0036", result.Diagnostics[^1].Id);
        Assert.StartsWith("19899 more problem(s)", result.Diagnostics[^1].Message);
    }

    [Fact]
    public void Hundred_thousand_cpuid_leaves_bind_with_one_duplicate_found()
    {
        var spec = "cpuid C {\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"{i}=>eax 1;\n")) + "5 sub 1=>eax 2;\n}\n";

        var result = SpecCompiler.Compile([("c.hvspec", spec)]);

        var duplicate = Assert.Single(result.Diagnostics);
        Assert.Equal(("HV0009", 100_002), (duplicate.Id, duplicate.Span.StartLine));
    }

    [Fact]
    public void File_over_the_size_limit_is_refused_at_its_start_without_being_parsed()
    {
        var result = SpecCompiler.Compile([("big.hvspec", new string(' ', SpecParser.MaxLength + 1))]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal($"big.hvspec(1,1): error HV0034: The file holds {SpecParser.MaxLength + 1} characters; a spec file may hold at most {SpecParser.MaxLength} characters. Split it into several files.", diagnostic.ToString());
    }

    [Fact]
    public void Unreadable_file_is_one_located_line_and_the_other_files_still_bind()
    {
        var good = SpecCompiler.Parse("a.hvspec", "device D { size 1; }");

        var result = SpecCompiler.Bind([good, SpecParser.Unreadable("b.hvspec", "Permission denied")]);

        Assert.Equal(
            "b.hvspec(1,1): error HV0035: The file cannot be read: Permission denied. Check the path and its permissions; specs must be regular files.",
            Assert.Single(result.Diagnostics).ToString());
        Assert.Single(result.Model.Devices);
    }

    [Fact]
    public void Register_arrays_over_a_million_elements_in_one_file_are_refused_at_the_one_that_crosses()
    {
        var spec = new StringBuilder("device D {\n    size 0x110000;\n");
        for (var i = 0; i < 17; i++) spec.Append($"    register A{i}[65536] @0x{i * 65536:X} : u8 rw;\n");

        var result = SpecCompiler.Compile([("d.hvspec", spec.Append("}\n").ToString())]);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticDescriptors.TooManyRegisterElements.Id, 19, 14), (diagnostic.Id, diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }
}
