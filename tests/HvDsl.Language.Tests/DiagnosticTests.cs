using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Diagnostics;

namespace HvDsl.Language.Tests;

/// <summary>Each diagnostic fed the smallest bad spec that shows it, asserting id, line and column.</summary>
public class DiagnosticTests
{
    private const string TwoByteDevice = "device D { size 2; }\n";

    /// <summary>Case name, spec, expected id, line, column.</summary>
    public static IEnumerable<object[]> Cases =>
    [
        ["Missing semicolon is a syntax error at the next token", "device D {\n    size 8\n    register R @0 : u8 rw;\n}", "HV0001", 3, 5],
        ["Number too large for 64 bits is a syntax error at the number", "device D { size 0x1_0000_0000_0000_0000; }", "HV0001", 1, 17],
        ["Unknown top-level word is a syntax error", "devise D { }", "HV0001", 1, 1],
        ["Duplicate declaration name", "device D { size 1; }\ndevice D { size 1; }", "HV0002", 2, 8],
        ["Duplicate register name", "device D {\n    size 2;\n    register R @0 : u8 rw;\n    register R @1 : u8 rw;\n}", "HV0003", 4, 14],
        ["Duplicate field name", "device D {\n    size 1;\n    register R @0 : u8 rw { F @0; F @1; }\n}", "HV0003", 3, 35],
        ["Duplicate hypercall name", "hypercalls H via vmcall {\n    1 A();\n    2 A();\n}", "HV0003", 3, 7],
        ["Duplicate device instance in a machine", TwoByteDevice + "machine M {\n    memory 1 MiB;\n    device D a at io 0x10;\n    device D a at io 0x20;\n}", "HV0003", 5, 14],
        ["Unknown device type", "machine M {\n    memory 1 MiB;\n    device Nope n at io 0x10;\n}", "HV0004", 3, 12],
        ["Unknown register in a when condition", "device D {\n    size 1;\n    register R @0 : u8 rw when X.F == 1;\n}", "HV0004", 3, 32],
        ["Unknown field in a when condition", "device D {\n    size 1;\n    register S @0 : u8 ro { F @0; }\n    register R @0 : u8 wo when S.G == 1;\n}", "HV0004", 4, 34],
        ["Unknown trap table", "machine M {\n    memory 1 MiB;\n    traps Nope;\n}", "HV0004", 3, 11],
        ["Unknown hypercall table", "traps T {\n    vmcall => hypercalls Nope;\n}", "HV0004", 2, 26],
        ["Unknown cpuid table", "traps T {\n    cpuid => table Nope;\n}", "HV0004", 2, 20],
        ["Unknown msrs table", "traps T {\n    rdmsr => msrs Nope;\n}", "HV0004", 2, 19],
        ["Unknown service", "machine M {\n    memory 1 MiB;\n    services Nope;\n}", "HV0004", 3, 14],
        ["Unknown exception", "traps T {\n    hlt => raise XX;\n}", "HV0004", 2, 18],
        ["Overlapping registers not banked", "device D {\n    size 2;\n    access 1, 2;\n    register A @0 : u16 rw;\n    register B @1 : u8 rw;\n}", "HV0005", 5, 14],
        ["Registers of one width at one offset overlap", "device D {\n    size 4;\n    access 1, 4;\n    register A @0 : u8 wo;\n    register B @0 : u32 wo;\n    register C @0 : u8 wo;\n}", "HV0005", 6, 14],
        ["Banked registers with the same condition value overlap", "device D {\n    size 2;\n    register S @1 : u8 rw { F @0; }\n    register A @0 : u8 rw when S.F == 1;\n    register B @0 : u8 rw when S.F == 1;\n}", "HV0005", 5, 14],
        ["Field outside its register", "device D {\n    size 1;\n    register R @0 : u8 rw { F @8; }\n}", "HV0006", 3, 32],
        ["Fields overlapping", "device D {\n    size 1;\n    register R @0 : u8 rw { F @0..3; G @2; }\n}", "HV0007", 3, 38],
        ["Reset wider than register", "device D {\n    size 1;\n    register R @0 : u8 rw reset 0x100;\n}", "HV0008", 3, 33],
        ["Reset wider than field", "device D {\n    size 1;\n    register R @0 : u8 rw { F @0..1 reset 4; }\n}", "HV0008", 3, 43],
        ["Enum value wider than field", "device D {\n    size 1;\n    register R @0 : u8 rw { F @0 { A = 2 } }\n}", "HV0008", 3, 40],
        ["Duplicate hypercall number", "hypercalls H via vmcall {\n    1 A();\n    1 B();\n}", "HV0009", 3, 5],
        ["Duplicate CPUID leaf", "cpuid C {\n    0x1 => eax 1;\n    0x1 => eax 2;\n}", "HV0009", 3, 5],
        ["Duplicate MSR index", "msrs M {\n    0x10 A rw;\n    0x10 B rw;\n}", "HV0009", 3, 5],
        ["Unknown instruction", "traps T {\n    hlt, fly => halt;\n}", "HV0010", 2, 10],
        ["Instruction trapped twice", "traps T {\n    hlt => halt;\n    hlt => ignore;\n}", "HV0011", 3, 5],
        ["Devices placed over each other", TwoByteDevice + "machine M {\n    memory 1 MiB;\n    device D a at io 0x10;\n    device D b at io 0x11;\n}", "HV0012", 5, 22],
        ["Port window beyond 0xFFFF", TwoByteDevice + "machine M {\n    memory 1 MiB;\n    device D a at io 0xFFFF;\n}", "HV0013", 4, 22],
        ["Access width the window forbids", "device D {\n    size 2;\n    access 1, 4;\n}", "HV0014", 3, 15],
        ["Access width that is not a power of two", "device D {\n    size 8;\n    access 3;\n}", "HV0014", 3, 12],
        ["Register beyond the window", "device D {\n    size 2;\n    access 1, 2;\n    register R @1 : u16 rw;\n}", "HV0015", 4, 17],
        ["Register width not an access width", "device D {\n    size 4;\n    access 1;\n    register R @0 : u16 rw;\n}", "HV0016", 4, 21],
        ["Device without size", "device D {\n}", "HV0017", 1, 8],
        ["Service without listen", "service S {\n    on connect => close;\n}", "HV0017", 1, 9],
        ["Setting given twice", "device D {\n    size 1;\n    size 2;\n}", "HV0018", 3, 5],
        ["Denied result given twice", "hypercalls H via vmcall {\n    denied => result -1;\n    denied => result -2;\n}", "HV0018", 3, 5],
        ["Denied result beyond a signed 64-bit value", "hypercalls H via vmcall {\n    denied => result 0x8000_0000_0000_0000;\n}", "HV0019", 2, 22],
        ["User mark before the call number is a syntax error", "hypercalls H via vmcall {\n    user 1 A();\n}", "HV0001", 2, 5],
        ["Port above 65535", "service S {\n    listen tcp 70000;\n    on connect => close;\n}", "HV0019", 2, 16],
        ["IRQ above 23", "device D { size 1; irq I; }\nmachine M {\n    memory 1 MiB;\n    device D a at io 0x10 irq 24;\n}", "HV0019", 4, 31],
        ["More parameters than argument registers", "hypercalls H via vmcall {\n    arguments rbx;\n    1 A(x: u8, y: u8);\n}", "HV0020", 3, 7],
        ["Array stride smaller than element", "device D {\n    size 4;\n    access 1, 2;\n    register R[2] @0 stride 1 : u16 rw;\n}", "HV0021", 4, 29],
        ["IRQ for a device without an interrupt line", "device D { size 1; }\nmachine M {\n    memory 1 MiB;\n    device D a at io 0x10 irq 3;\n}", "HV0022", 4, 31],
        ["Vendor string not 12 characters", "cpuid C {\n    0x0 => vendor \"Short\";\n}", "HV0023", 2, 12],
        ["MSR with write-one-to-clear access", "msrs M {\n    0x10 A w1c;\n}", "HV0024", 2, 10],
        ["Reply line on connect", "service S {\n    listen tcp 7;\n    on connect => reply line;\n}", "HV0025", 3, 19],
        ["Register selecting itself", "device D {\n    size 1;\n    register R @0 : u8 rw when R.F == 1 { F @0; }\n}", "HV0026", 3, 32],
        ["Unknown register type", "device D {\n    size 1;\n    register R @0 : u9 rw;\n}", "HV0027", 3, 21],
        ["MMIO device over RAM", "device D { size 16; }\nmachine M {\n    memory 1 MiB;\n    device D a at mmio 0x1000;\n}", "HV0028", 4, 24],
        ["MMIO device below where RAM below 4 GiB may reach", "device D { size 16; }\nmachine M {\n    memory 1 MiB below 0xC000_0000;\n    device D a at mmio 0x8000_0000;\n}", "HV0028", 4, 24],
        ["RAM below 4 GiB ending past 4 GiB", "machine M {\n    memory 1 MiB below 0x1_0000_1000;\n}", "HV0019", 2, 24],
        ["RAM below 4 GiB ending inside a page", "machine M {\n    memory 1 MiB below 0xC000_0800;\n}", "HV0019", 2, 24],
        ["Device instance named as a member every machine has", "device D { size 1; }\nmachine M {\n    memory 1 MiB;\n    device D vm at io 0x100;\n}", "HV0041", 4, 14],
        ["Hypercall number in a 32-bit register", "hypercalls H via vmcall {\n    number eax;\n}", "HV0029", 2, 12],
        ["MSR table otherwise halts", "msrs M {\n    0x10 A rw;\n    otherwise => halt;\n}", "HV0030", 3, 18],
        ["Reset on an MSR the vCPU owns", "msrs M {\n    0xC0000080 Efer rw cpu reset 0;\n}", "HV0031", 2, 34],
        ["Register elements over a million in one file", "device D {\n    size 0x110000;\n" + string.Concat(Enumerable.Range(0, 17).Select(i => $"    register A{i}[65536] @0x{i * 65536:X} : u8 rw;\n")) + "}", "HV0033", 19, 14],
        ["Over a hundred problems in one file", "device D {\n    size 1;\n" + string.Concat(Enumerable.Repeat("    size 1;\n", 101)) + "}", "HV0036", 102, 5],
        ["Bank condition on a value its field does not name", "device D {\n    size 2;\n    register S @0 : u8 rw { F @0..1 { A = 0, B = 1 } }\n    register B @1 : u8 rw when S.F == 2;\n}", "HV0037", 4, 39],
        ["Two named values with one number", "device D {\n    size 1;\n    register R @0 : u8 rw { F @0 { A = 1, B = 1 } }\n}", "HV0038", 3, 43],
        ["Date format .NET refuses", "service S {\n    listen tcp 7;\n    on connect => send now \"ffffffff\" line;\n}", "HV0032", 3, 28],
        ["Register access width wider than the register", "device D {\n    size 4;\n    access 2, 4;\n    register R @0 : u16 rw access 2, 4;\n}", "HV0039", 4, 38],
        ["Register access width the device never lets through", "device D {\n    size 8;\n    access 4, 8;\n    register R @0 : u64 rw access 2, 8;\n}", "HV0040", 4, 35],
        ["Register named as a member every device has", "device D {\n    size 4;\n    register Size @0 : u8 rw;\n}", "HV0041", 3, 14],
        ["Register named like another register's field accessor", "device D {\n    size 4;\n    register A @0 : u8 rw { B @0; }\n    register A_B @1 : u8 rw;\n}", "HV0041", 3, 29],
        ["Hook named as a register", "device D {\n    size 4;\n    register R @0 : u8 rw on write -> S;\n    register S @1 : u8 rw;\n}", "HV0041", 3, 39],
        ["Register named as a computed register's value method", "device D {\n    size 4;\n    register R @0 : u8 ro computed;\n    register ComputeR @1 : u8 rw;\n}", "HV0041", 3, 14],
        ["Condition on the written value of a register that can be read", "device D {\n    size 1;\n    register R @0 : u8 rw when written.F == 1 { F @0; }\n}", "HV0026", 3, 32],
        ["Condition on a written field the register does not have", "device D {\n    size 1;\n    register R @0 : u8 wo when written.G == 1 { F @0; }\n}", "HV0004", 3, 40],
        ["Command register chosen by the written value beside two plain writers", "device D {\n    size 1;\n    register A @0 : u8 wo when written.F == 1 { F @0; }\n    register B @0 : u8 wo;\n    register C @0 : u8 wo;\n}", "HV0005", 5, 14],
        ["Command register overlapping one at another offset", "device D {\n    size 2;\n    register A @0 : u16 wo when written.F == 1 { F @0; }\n    register B @1 : u8 wo when written.F == 0 { F @0; }\n}", "HV0005", 4, 14],
        ["Access width no register answers", "device D {\n    size 4;\n    access 1, 2;\n    register R @0 : u8 rw;\n}", "HV0042", 3, 15],
        ["Register narrower than every laned access width", "device D {\n    size 8;\n    access 4, 8 lanes;\n    register R @0 : u16 rw;\n}", "HV0016", 4, 21],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_spec_reports_located_diagnostic(string name, string spec, string id, int line, int column)
    {
        var result = SpecCompiler.Compile([("bad.hvspec", spec)]);

        var found = result.Diagnostics.Select(d => (d.Id, d.Span.StartLine, d.Span.StartColumn)).ToList();
        Assert.True(found.Contains((id, line, column)), $"{name}: expected {id} at ({line},{column}), got {string.Join("; ", result.Diagnostics)}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_spec_binds_no_declaration_that_holds_an_error(string name, string spec, string id, int line, int column)
    {
        var result = SpecCompiler.Compile([("bad.hvspec", spec)]);

        Assert.True(!BoundSpans.HoldingErrors(result).Any(), $"{name} ({id} at {line},{column}) still bound the declaration holding it");
    }

    // Refusals of a whole file, not of its text: ScalingTests proves each (File_over_the_size_limit..., Unreadable_file...).
    private static readonly string[] FileRefusals = [DiagnosticDescriptors.FileTooLarge.Id, DiagnosticDescriptors.UnreadableFile.Id];

    [Fact]
    public void Every_catalog_entry_has_a_case()
    {
        var tested = Cases.Select(c => (string)c[2]).Concat(FileRefusals).ToHashSet();

        var untested = DiagnosticDescriptors.All.Select(d => d.Id).Except(tested).ToList();

        Assert.Empty(untested);
    }

    [Fact]
    public void Catalog_ids_are_unique_and_sequential()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();

        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"HV{i:D4}"), ids);
    }

    [Fact]
    public void Diagnostic_prints_in_compiler_format()
    {
        var diagnostic = SpecCompiler.Compile([("specs/x.hvspec", "device D {\n    size 1;\n    size 2;\n}")]).Diagnostics.Single();

        Assert.Equal("specs/x.hvspec(3,5): error HV0018: 'size' is already set in 'D'. Keep one.", diagnostic.ToString());
    }

    [Fact]
    public void Window_size_of_two_to_the_64_minus_one_is_reported_as_written_not_as_minus_one()
    {
        var diagnostic = SpecCompiler.Compile([("x.hvspec", "device D { size 0xFFFF_FFFF_FFFF_FFFF; }")]).Diagnostics.Single();

        Assert.Equal("x.hvspec(1,17): error HV0019: Window size 18446744073709551615 is out of range; it must be between 1 and 4294967295.", diagnostic.ToString());
    }

    [Theory]
    [InlineData("%")]
    [InlineData("'unterminated")]
    [InlineData("\\\\")]
    [InlineData("q")]
    public void Date_format_that_would_throw_on_every_connection_is_refused_at_its_string(string format)
    {
        var spec = $"service S {{\n    listen tcp 7;\n    on connect => send now \"{format}\";\n}}";

        var diagnostic = SpecCompiler.Compile([("x.hvspec", spec)]).Diagnostics.Single();

        Assert.Equal(("HV0032", 3, 28), (diagnostic.Id, diagnostic.Span.StartLine, diagnostic.Span.StartColumn));
    }

    [Fact]
    public void Spec_text_with_a_line_break_in_a_message_stays_on_one_line()
    {
        var diagnostic = SpecCompiler.Compile([("x.hvspec", "cpuid C {\n    0x0 => vendor \"a\rb\u2028\";\n}")]).Diagnostics.Single();

        Assert.DoesNotContain('\r', diagnostic.ToString());
        Assert.Contains("a\\u000Db\\u2028", diagnostic.Message);
    }

    [Fact]
    public void Syntax_error_at_a_very_long_word_quotes_its_first_forty_letters()
    {
        var diagnostic = SpecCompiler.Parse("x.hvspec", new string('a', 100_000)).Diagnostics.Single();

        Assert.EndsWith($"found '{new string('a', 40)}…'. Correct the text at this position.", diagnostic.Message);
    }

    [Fact]
    public void Syntax_error_says_what_was_expected_and_found()
    {
        var diagnostic = SpecCompiler.Parse("x.hvspec", "device D {\n    size 8\n    register R @0 : u8 rw;\n}").Diagnostics.Single();

        Assert.Contains("expected ';', found 'register'", diagnostic.Message);
    }
}
