using System.Linq;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;

namespace HvDsl.Language.Tests;

/// <summary>Each construct parses to the expected tree, positions included.</summary>
public class ParserTests
{
    private static T Single<T>(string text) where T : DeclarationSyntax
    {
        var result = SpecCompiler.Parse("t.hvspec", text);
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<T>(Assert.Single(result.Syntax!.Declarations));
    }

    private static void AssertAt(SourceSpan span, int line, int column, int endLine, int endColumn)
    {
        Assert.Equal("t.hvspec", span.Path);
        Assert.Equal((line, column, endLine, endColumn), (span.StartLine, span.StartColumn, span.EndLine, span.EndColumn));
    }

    [Fact]
    public void Device_has_name_doc_and_span_from_keyword_to_closing_brace()
    {
        var device = Single<DeviceSyntax>("// plain\n/// First line.\n/// Second line.\ndevice Uart { size 8; }");

        Assert.Equal("Uart", device.Name.Text);
        Assert.Equal("First line.\nSecond line.", device.Doc);
        AssertAt(device.Span, 4, 1, 4, 24);
        AssertAt(device.Name.Span, 4, 8, 4, 12);
    }

    [Fact]
    public void Device_settings_parse_to_keyword_and_value()
    {
        var device = Single<DeviceSyntax>("device D { size 4 KiB; access 1, 4; policy unmapped zero; policy width ones; endian big; irq Intr; }");

        var settings = device.Members.OfType<DeviceSettingSyntax>().Select(s => (s.Keyword, s.Value?.Text, s.Number?.Value)).ToList();
        Assert.Equal([("size", null, 4096UL), ("policy unmapped", "zero", null), ("policy width", "ones", null), ("endian", "big", null), ("irq", "Intr", null)], settings);
        Assert.Equal([1UL, 4UL], device.Members.OfType<AccessWidthsSyntax>().Single().Widths.Select(w => w.Value));
    }

    [Fact]
    public void Register_parses_every_clause()
    {
        var device = Single<DeviceSyntax>("device D {\n  register R[2] @0x10 stride 4 : u32 w1c reset 0b1_0 when S.F == 1 on read -> A on write -> B;\n}");

        var r = device.Members.OfType<RegisterSyntax>().Single();
        Assert.Equal(("R", 2UL, 0x10UL, 4UL, "u32", AccessKind.WriteOneToClear, 2UL), (r.Name.Text, r.Count!.Value, r.Offset.Value, r.Stride!.Value, r.Type.Text, r.Access, r.Reset!.Value));
        Assert.Equal(("S", "F", 1UL), (r.Condition!.Register.Text, r.Condition.Field.Text, r.Condition.Value!.Value));
        Assert.Equal(("A", "B"), (r.ReadHook!.Text, r.WriteHook!.Text));
        AssertAt(r.Span, 2, 3, 2, 95);
        AssertAt(r.Condition.Span, 2, 59, 2, 67);
    }

    [Fact]
    public void Register_with_only_a_write_hook_has_no_read_hook()
    {
        var r = Single<DeviceSyntax>("device D { register T @0 : u8 wo on write -> Send; }").Members.OfType<RegisterSyntax>().Single();

        Assert.Null(r.ReadHook);
        Assert.Equal("Send", r.WriteHook!.Text);
    }

    [Fact]
    public void Fields_parse_ranges_single_bits_access_reset_and_named_values()
    {
        var r = Single<DeviceSyntax>("device D { register L @3 : u8 rw {\n  /// Word length.\n  WLS @0..1 ro reset 3 { Bits5 = 0, Bits8 = 3 }\n  DLAB @7;\n} }")
            .Members.OfType<RegisterSyntax>().Single();

        var wls = r.Fields[0];
        Assert.Equal(("WLS", "Word length.", 0UL, 1UL, AccessKind.ReadOnly, 3UL), (wls.Name.Text, wls.Doc, wls.Low.Value, wls.High!.Value, wls.Access!.Value, wls.Reset!.Value));
        Assert.Equal([("Bits5", 0UL), ("Bits8", 3UL)], wls.Values.Select(v => (v.Name.Text, v.Value.Value)));
        AssertAt(wls.Span, 3, 3, 3, 48);
        var dlab = r.Fields[1];
        Assert.Equal(("DLAB", 7UL), (dlab.Name.Text, dlab.Low.Value));
        Assert.Null(dlab.High);
        Assert.Null(dlab.Access);
    }

    [Fact]
    public void Trap_rules_list_instructions_then_action_and_otherwise_has_none()
    {
        var traps = Single<TrapsSyntax>("traps X86 {\n  rdmsr, wrmsr => msrs Msrs;\n  otherwise => raise GP(0);\n}");

        Assert.Equal(["rdmsr", "wrmsr"], traps.Rules[0].Instructions.Select(i => i.Text));
        Assert.Equal((TrapActionKind.Msrs, "Msrs"), (traps.Rules[0].Action.Kind, traps.Rules[0].Action.Target!.Text));
        AssertAt(traps.Rules[0].Span, 2, 3, 2, 29);
        Assert.True(traps.Rules[1].IsOtherwise);
        Assert.Equal((TrapActionKind.Raise, "GP", 0UL), (traps.Rules[1].Action.Kind, traps.Rules[1].Action.Target!.Text, traps.Rules[1].Action.ErrorCode!.Value));
    }

    [Theory]
    [InlineData("halt", TrapActionKind.Halt, null)]
    [InlineData("ignore", TrapActionKind.Ignore, null)]
    [InlineData("emulate", TrapActionKind.Emulate, null)]
    [InlineData("io", TrapActionKind.Io, null)]
    [InlineData("table Cpuid", TrapActionKind.Cpuid, "Cpuid")]
    [InlineData("msrs Msrs", TrapActionKind.Msrs, "Msrs")]
    [InlineData("hypercalls Kvm", TrapActionKind.Hypercalls, "Kvm")]
    [InlineData("raise UD", TrapActionKind.Raise, "UD")]
    [InlineData("OnControlRegister", TrapActionKind.Handler, "OnControlRegister")]
    public void Trap_action_parses_to_its_kind(string action, TrapActionKind kind, string? target)
    {
        var rule = Single<TrapsSyntax>($"traps T {{ hlt => {action}; }}").Rules.Single();

        Assert.Equal((kind, target), (rule.Action.Kind, rule.Action.Target?.Text));
    }

    [Fact]
    public void Cpuid_leaf_parses_subleaf_numbers_and_text()
    {
        var leaf = Single<CpuidSyntax>("cpuid C {\n  0x7 sub 0 => eax 1, ebx \"Genu\", vendor \"HvDslHvDslHv\";\n}").Leaves.Single();

        Assert.Equal((7UL, 0UL), (leaf.Leaf.Value, leaf.Subleaf!.Value));
        Assert.Equal([("eax", "1"), ("ebx", "Genu"), ("vendor", "HvDslHvDslHv")],
            leaf.Values.Select(v => (v.Register.Text, v.Text?.Value ?? v.Number!.Value.ToString())));
        AssertAt(leaf.Values[2].Span, 2, 35, 2, 56);
    }

    [Fact]
    public void Msrs_table_parses_entries_and_otherwise()
    {
        var msrs = Single<MsrsSyntax>("msrs M {\n  0xC000_0080 Efer rw reset 0;\n  otherwise => ignore;\n}");

        var efer = msrs.Entries.Single();
        Assert.Equal((0xC0000080UL, "Efer", AccessKind.ReadWrite, 0UL), (efer.Index.Value, efer.Name.Text, efer.Access, efer.Reset!.Value));
        Assert.Equal(TrapActionKind.Ignore, msrs.Otherwise!.Kind);
    }

    [Fact]
    public void Msr_marked_cpu_passes_through_and_others_do_not()
    {
        var msrs = Single<MsrsSyntax>("msrs M {\n  0xC000_0080 Efer rw cpu;\n  0x3A Locked ro reset 1;\n}");

        Assert.Equal([true, false], msrs.Entries.Select(e => e.Cpu));
    }

    [Fact]
    public void Hypercalls_parse_convention_signed_otherwise_and_calls()
    {
        var table = Single<HypercallsSyntax>("hypercalls K via vmcall {\n  number rax; arguments rbx, rcx;\n  otherwise => result -1000;\n  0x100 Write(address: u64, length: u32) -> u64;\n  5 Kick();\n}");

        Assert.Equal("vmcall", table.Via.Text);
        var conventions = table.Members.OfType<ConventionSyntax>().Select(c => (c.Keyword, string.Join(",", c.Registers.Select(r => r.Text))));
        Assert.Equal([("number", "rax"), ("arguments", "rbx,rcx")], conventions);
        Assert.Equal(-1000, table.Members.OfType<UnknownHypercallSyntax>().Single().Result.Signed);
        var write = table.Members.OfType<HypercallSyntax>().First();
        Assert.Equal((0x100UL, "Write", "u64"), (write.Number.Value, write.Name.Text, write.ReturnType!.Text));
        Assert.Equal([("address", "u64"), ("length", "u32")], write.Parameters.Select(p => (p.Name.Text, p.Type.Text)));
        Assert.Empty(table.Members.OfType<HypercallSyntax>().Last().Parameters);
    }

    [Fact]
    public void Hypercalls_parse_denied_result_and_user_marks()
    {
        var table = Single<HypercallsSyntax>("hypercalls K via vmcall {\n  denied => result -1;\n  1 Time() -> u64 user;\n  2 Poke(a: u64) user;\n  3 Kick();\n}");

        Assert.Equal(-1, table.Members.OfType<DeniedHypercallSyntax>().Single().Result.Signed);
        Assert.Equal([true, true, false], table.Members.OfType<HypercallSyntax>().Select(c => c.User));
    }

    [Fact]
    public void Service_parses_listen_limits_and_handler_steps()
    {
        var service = Single<ServiceSyntax>("service T {\n  listen tcp 13;\n  limit idle 2 s;\n  limit line 80;\n  on connect => send now \"HH:mm\" line, send now rfc868, send \"hi\", close;\n  on line => reply line;\n}");

        var listen = service.Members.OfType<ListenSyntax>().Single();
        Assert.Equal(("tcp", 13UL), (listen.Protocol.Text, listen.Port.Value));
        Assert.Equal([("idle", 2000UL), ("line", 80UL)], service.Members.OfType<LimitSyntax>().Select(l => (l.Kind.Text, l.Value.Value)));
        var steps = service.Members.OfType<HandlerSyntax>().First().Steps;
        Assert.Equal([(StepKind.SendTime, "HH:mm", true), (StepKind.SendRfc868Time, null, false), (StepKind.SendText, "hi", false), (StepKind.Close, null, false)],
            steps.Select(s => (s.Kind, s.Text?.Value, s.Line)));
        Assert.Equal(StepKind.ReplyLine, service.Members.OfType<HandlerSyntax>().Last().Steps.Single().Kind);
    }

    [Fact]
    public void Machine_parses_memory_units_uses_and_placements()
    {
        var machine = Single<MachineSyntax>("machine Pc {\n  memory 2 GiB;\n  traps X86;\n  services A, B;\n  device Ioapic io at mmio 0xFEC0_0000;\n  device Uart com1 at io 0x3F8 irq 4;\n}");

        Assert.Equal(2UL << 30, machine.Members.OfType<MemorySyntax>().Single().Size.Value);
        Assert.Equal([("traps", "X86"), ("services", "A,B")], machine.Members.OfType<UsesSyntax>().Select(u => (u.Keyword, string.Join(",", u.Names.Select(n => n.Text)))));
        var placements = machine.Members.OfType<PlacementSyntax>().ToList();
        Assert.Equal((AddressSpace.Mmio, 0xFEC00000UL, (ulong?)null), (placements[0].Space, placements[0].Address.Value, placements[0].Irq?.Value));
        Assert.Equal(("Uart", "com1", AddressSpace.Io, 0x3F8UL, (ulong?)4), (placements[1].Type.Text, placements[1].Instance.Text, placements[1].Space, placements[1].Address.Value, placements[1].Irq?.Value));
        AssertAt(placements[1].Address.Span, 6, 26, 6, 31);
    }

    [Fact]
    public void Machine_memory_may_say_where_ram_below_4_gib_ends()
    {
        var memory = Single<MachineSyntax>("machine Pc { memory 64 MiB below 0xC000_0000; }").Members.OfType<MemorySyntax>().Single();

        Assert.Equal((64UL << 20, (ulong?)0xC0000000), (memory.Size.Value, memory.Below?.Value));
        Assert.Null(Single<MachineSyntax>("machine Pc { memory 64 MiB; }").Members.OfType<MemorySyntax>().Single().Below);
    }

    [Theory]
    [InlineData("0x3F8", 0x3F8UL)]
    [InlineData("0X3f8", 0x3F8UL)]
    [InlineData("1_000", 1000UL)]
    [InlineData("0b1010_0101", 0xA5UL)]
    [InlineData("0xFFFF_FFFF_FFFF_FFFF", ulong.MaxValue)]
    [InlineData("64 KiB", 64UL << 10)]
    [InlineData("64 MiB", 64UL << 20)]
    [InlineData("1 GiB", 1UL << 30)]
    public void Integer_literals_accept_hex_binary_decimal_separators_and_units(string literal, ulong value)
    {
        var device = Single<DeviceSyntax>($"device D {{ size {literal}; }}");

        Assert.Equal(value, device.Members.OfType<DeviceSettingSyntax>().Single().Number!.Value);
    }

    [Fact]
    public void Doc_comments_attach_only_to_the_declaration_that_follows()
    {
        var result = SpecCompiler.Parse("t.hvspec", "/// One.\ndevice A { size 1; }\n// plain\ndevice B { size 1; }\n/// trailing doc at end of file");

        Assert.Equal(["One.", null], result.Syntax!.Declarations.Select(d => d.Doc));
    }

    [Fact]
    public void Comments_may_appear_between_any_tokens()
    {
        var device = Single<DeviceSyntax>("device // c\n D /// d\n { size // c\n 1 ; }");

        Assert.Equal("D", device.Name.Text);
    }

    [Fact]
    public void Syntax_error_inside_a_field_points_at_the_field_not_the_declaration()
    {
        var error = SpecCompiler.Parse("t.hvspec", "device D {\n  register R @0 : u8 rw {\n    F @0..;\n  }\n}").Diagnostics.Single();

        Assert.Equal(("HV0001", 3, 11), (error.Id, error.Span.StartLine, error.Span.StartColumn));
        Assert.Contains("expected a number", error.Message);
    }

    [Fact]
    public void Bank_condition_without_a_value_is_reported_at_the_token_after_its_comparison()
    {
        var error = SpecCompiler.Parse("t.hvspec", "device D {\n  register R @0 : u8 rw when S.F == ;\n}").Diagnostics.Single();

        Assert.Equal(("HV0001", 2, 37), (error.Id, error.Span.StartLine, error.Span.StartColumn));
        Assert.Contains("expected a number or a named value", error.Message);
    }

    [Fact]
    public void Second_read_hook_is_reported_where_write_was_expected()
    {
        var error = SpecCompiler.Parse("t.hvspec", "device D {\n  register R @0 : u8 rw on read -> A on read -> B;\n}").Diagnostics.Single();

        Assert.Equal(("HV0001", 2, 41), (error.Id, error.Span.StartLine, error.Span.StartColumn));
        Assert.Contains("'write'", error.Message);
    }
}
