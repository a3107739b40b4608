using System.Linq;
using HvDsl.Language.Diagnostics;

namespace HvDsl.Language.Tests;

/// <summary>Unknown names and misspelt keywords get the nearest declared name or keyword; warnings leave the spec bound.</summary>
public class SuggestionTests
{
    private static string Message(string spec) =>
        SpecCompiler.Compile([("t.hvspec", spec)]).Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error).Message;

    [Fact]
    public void Unknown_device_type_suggests_the_nearest_declared_device()
    {
        var message = Message("device Uart16550 { size 8; register R @0 : u8 rw; }\nmachine M {\n    memory 1 MiB;\n    device Uart1655 com1 at io 0x3F8;\n}\n");

        Assert.Equal("No device type named 'Uart1655' is declared. Did you mean 'Uart16550'? Declare it or correct the name.", message);
    }

    [Fact]
    public void Unknown_table_suggests_only_names_of_the_right_kind()
    {
        var message = Message("cpuid Cpuid0 { 0x0 => eax 1; }\nmsrs Cpuid1 { 0x10 A rw; }\ntraps T {\n    cpuid => table Cpuid2;\n}\n");

        Assert.Contains("Did you mean 'Cpuid0'?", message);
    }

    [Fact]
    public void Name_far_from_every_declared_one_gets_no_suggestion()
    {
        var message = Message("machine M {\n    memory 1 MiB;\n    traps Nothing;\n}\n");

        Assert.Equal("No traps table named 'Nothing' is declared. Declare it or correct the name.", message);
    }

    [Fact]
    public void Misspelt_member_keyword_suggests_the_keyword()
    {
        var message = Message("device D {\n    size 1;\n    regster R @0 : u8 rw;\n}\n");

        Assert.Contains("found 'regster'. Did you mean 'register'?", message);
    }

    [Fact]
    public void Misspelt_declaration_keyword_suggests_the_keyword()
    {
        var message = Message("devise D { size 1; }\n");

        Assert.Contains("found 'devise'. Did you mean 'device'?", message);
    }

    [Fact]
    public void Offsets_in_messages_are_hex()
    {
        var message = Message("device D {\n    size 0x20;\n    access 1, 2;\n    register A @0x1E : u16 rw;\n    register B @0x1F : u8 rw;\n}\n");

        Assert.Contains("at offset 0x1F", message);
    }

    [Fact]
    public void Warning_leaves_the_declaration_bound_and_the_compilation_successful()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "device D {\n    size 1;\n    register R @0 : u8 rw { F @0 { A = 1, B = 1 } }\n}\n")]);

        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(result.Diagnostics).Severity);
        Assert.True(result.Success);
        Assert.Equal(["D"], result.Model.Devices.Select(d => d.Name));
    }
}
