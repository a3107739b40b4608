using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Tests;

/// <summary>Parsing recovers from each mistake, so one check reports every independent mistake once and nothing that follows from them.</summary>
public class RecoveryTests
{
    private static readonly string Corpus = Path.Combine(SpecLibrary.Root, "tests", "specs", "five-mistakes");

    private static CompilationResult CompileCorpus() =>
        SpecCompiler.Compile(Directory.GetFiles(Corpus, "*.hvspec").Order().Select(p => (Path.GetFileName(p), File.ReadAllText(p))));

    private static string Located(Diagnostics.Diagnostic d) => $"{d.Span.Path}({d.Span.StartLine},{d.Span.StartColumn}): error {d.Id}";

    [Fact]
    public void Five_independent_mistakes_in_three_files_are_exactly_five_located_errors()
    {
        var result = CompileCorpus();

        Assert.Equal(File.ReadAllLines(Path.Combine(Corpus, "expected.txt")), result.Diagnostics.Select(Located));
    }

    [Fact]
    public void Declarations_with_errors_and_those_using_them_are_broken_and_the_sound_ones_are_bound()
    {
        var result = CompileCorpus();

        Assert.Empty(result.Model.Devices);
        Assert.Equal(["Uart"], result.Model.Broken!.Devices.Select(d => d.Name));
        Assert.Equal(["T"], result.Model.Broken.TrapTables.Select(t => t.Name));
        Assert.Equal(["M"], result.Model.Broken.Machines.Select(m => m.Name));
    }

    [Fact]
    public void Member_after_a_broken_member_still_parses()
    {
        var result = SpecCompiler.Parse("t.hvspec", "device D {\n    size 2;\n    register A @ : u8 rw;\n    register B @1 : u8 rw;\n}\n");

        Assert.Equal("t.hvspec(3,18): error HV0001", Located(Assert.Single(result.Diagnostics)));
        var device = Assert.IsType<DeviceSyntax>(Assert.Single(result.Syntax!.Declarations));
        Assert.Equal(["B"], device.Members.OfType<RegisterSyntax>().Select(r => r.Name.Text));
    }

    [Fact]
    public void Missing_semicolon_resumes_at_the_member_on_the_next_line()
    {
        var result = SpecCompiler.Parse("t.hvspec", "device D {\n    size 2\n    register B @1 : u8 rw;\n}\n");

        Assert.Equal("t.hvspec(3,5): error HV0001", Located(Assert.Single(result.Diagnostics)));
        var device = Assert.IsType<DeviceSyntax>(Assert.Single(result.Syntax!.Declarations));
        Assert.Equal(["B"], device.Members.OfType<RegisterSyntax>().Select(r => r.Name.Text));
    }

    [Fact]
    public void Broken_field_list_is_skipped_whole_so_its_closing_brace_does_not_close_the_device()
    {
        var result = SpecCompiler.Parse("t.hvspec", "device D {\n    size 2;\n    register A @0 : u8 rw {\n        F @0 xx;\n    }\n    register B @1 : u8 rw;\n}\n");

        Assert.Equal("t.hvspec(4,14): error HV0001", Located(Assert.Single(result.Diagnostics)));
        Assert.Equal(["B"], Assert.IsType<DeviceSyntax>(Assert.Single(result.Syntax!.Declarations)).Members.OfType<RegisterSyntax>().Select(r => r.Name.Text));
    }

    [Fact]
    public void Unknown_member_keyword_is_reported_and_the_body_goes_on()
    {
        var result = SpecCompiler.Parse("t.hvspec", "traps T {\n    hlt => halt;\n}\nmsrs M {\n    0x10 A rw;\n    0x11 B rx;\n    0x12 C rw;\n    otherwise => ignore;\n}\n");

        Assert.Equal("t.hvspec(6,12): error HV0001", Located(Assert.Single(result.Diagnostics)));
        var msrs = Assert.IsType<MsrsSyntax>(result.Syntax!.Declarations[1]);
        Assert.Equal(["A", "C"], msrs.Entries.Select(e => e.Name.Text));
    }

    [Fact]
    public void Missing_closing_brace_is_one_error_and_the_next_declaration_still_parses()
    {
        var result = SpecCompiler.Parse("t.hvspec", "device A {\n    size 1;\n\ndevice B {\n    size 1;\n}\n");

        Assert.Equal("t.hvspec(4,1): error HV0001", Located(Assert.Single(result.Diagnostics)));
        Assert.Equal(["A", "B"], result.Syntax!.Declarations.Select(d => d.Name.Text));
    }

    [Fact]
    public void Entry_after_otherwise_is_one_error_not_one_per_recovering_parser()
    {
        var result = SpecCompiler.Parse("t.hvspec", "msrs M {\n    0x10 A rw;\n    otherwise => ignore;\n    0x12 C rw;\n}\n");

        Assert.Equal("t.hvspec(4,5): error HV0001", Located(Assert.Single(result.Diagnostics)));
    }

    [Fact]
    public void Stray_word_between_declarations_is_one_error()
    {
        var result = SpecCompiler.Parse("t.hvspec", "devise A { size 1; }\ndevice B { size 1; }\n");

        Assert.Equal("t.hvspec(1,1): error HV0001", Located(Assert.Single(result.Diagnostics)));
        Assert.Equal(["B"], result.Syntax!.Declarations.Select(d => d.Name.Text));
    }

    [Fact]
    public void Reference_to_a_declaration_that_failed_to_parse_is_not_reported_as_unknown()
    {
        var result = SpecCompiler.Compile([
            ("a.hvspec", "device D size 1; }\n"),
            ("b.hvspec", "machine M {\n    memory 1 MiB;\n    device D d at io 0x10;\n}\n")]);

        Assert.Equal("a.hvspec(1,10): error HV0001", Located(Assert.Single(result.Diagnostics)));
        Assert.Equal(["M"], result.Model.Broken!.Machines.Select(m => m.Name));
    }

    [Theory]
    [InlineData(";", 101)]
    [InlineData("", 1)]
    public async Task Twenty_thousand_broken_member_lines_end_in_one_pass_with_capped_diagnostics(string end, int count)
    {
        var spec = "device D {\n    size 1;\n" + string.Concat(Enumerable.Repeat($"    regster R @0 : u8 rw{end}\n", 20_000)) + "}\n";

        // On a worker, so a resynchronisation that loops or goes quadratic fails the test instead of hanging the run.
        var run = Task.Run(() => SpecCompiler.Compile([("t.hvspec", spec)]));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(5)));

        Assert.True(finished == run, "recovery did not finish");
        Assert.Equal(count, (await run).Diagnostics.Count);
    }
}
