using System.Linq;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Tests;

/// <summary>The register-map constructs (access lanes, reserved bits, computed registers, groups, enums, interrupt outputs) parse to the expected tree.</summary>
public class RegisterMapParserTests
{
    private static DeviceSyntax Device(string text)
    {
        var result = SpecCompiler.Parse("t.hvspec", text);
        Assert.Empty(result.Diagnostics);
        return Assert.IsType<DeviceSyntax>(Assert.Single(result.Syntax!.Declarations));
    }

    [Fact]
    public void Device_access_with_lanes_marks_the_widths_as_reaching_parts_of_wider_registers()
    {
        var access = Device("device D { size 8; access 4, 8 lanes; }").Members.OfType<AccessWidthsSyntax>().Single();

        Assert.Equal([4UL, 8UL], access.Widths.Select(w => w.Value));
        Assert.True(access.Lanes);
    }

    [Fact]
    public void Device_access_with_split_after_lanes_marks_wider_accesses_as_served_in_halves()
    {
        var access = Device("device D { size 8; access 4, 8 lanes split; }").Members.OfType<AccessWidthsSyntax>().Single();

        Assert.True(access.Lanes);
        Assert.True(access.Split);
    }

    [Fact]
    public void Device_access_without_split_does_not_split()
    {
        Assert.False(Device("device D { size 8; access 4, 8; }").Members.OfType<AccessWidthsSyntax>().Single().Split);
    }

    [Fact]
    public void State_declaration_is_a_register_with_fields_and_no_place_in_the_window()
    {
        var state = Device("device D { size 1; state Phase : u8 reset 2 { Next @0..1; } }").Members.OfType<RegisterSyntax>().Single();

        Assert.True(state.State);
        Assert.Equal("Phase", state.Name.Text);
        Assert.Equal(2UL, state.Reset!.Value);
        Assert.Equal("Next", Assert.Single(state.Fields).Name.Text);
    }

    [Fact]
    public void Condition_on_the_written_value_names_written_and_a_field()
    {
        var register = Device("device D { size 1; register R @0 : u8 wo when written.Init == 1 { Init @4; } }").Members.OfType<RegisterSyntax>().Single();

        Assert.True(register.Condition!.OnWrittenValue);
        Assert.Equal("Init", register.Condition.Field.Text);
    }

    [Fact]
    public void Condition_value_may_be_a_named_value_in_place_of_a_number()
    {
        var register = Device("device D { size 1; register R @0 : u8 rw when S.F == Divisor; }").Members.OfType<RegisterSyntax>().Single();

        Assert.Null(register.Condition!.Value);
        Assert.Equal("Divisor", register.Condition.ValueName!.Text);
        Assert.Equal((1, 54, 1, 61), (register.Condition.ValueSpan.StartLine, register.Condition.ValueSpan.StartColumn, register.Condition.ValueSpan.EndLine, register.Condition.ValueSpan.EndColumn));
    }

    [Fact]
    public void Condition_without_a_value_expects_a_number_or_a_named_value()
    {
        var diagnostic = Assert.Single(SpecCompiler.Parse("t.hvspec", "device D { size 1; register R @0 : u8 rw when S.F == ; }").Diagnostics);

        Assert.Contains("a number or a named value", diagnostic.Message);
    }

    [Fact]
    public void Register_access_widths_follow_its_access_kind()
    {
        var register = Device("device D { size 8; register R @0 : u64 rw access 4, 8 reset 1; }").Members.OfType<RegisterSyntax>().Single();

        Assert.Equal([4UL, 8UL], register.AccessWidths!.Value.Select(w => w.Value));
        Assert.Equal(1UL, register.Reset!.Value);
    }

    [Fact]
    public void Register_without_access_widths_has_none()
    {
        var register = Device("device D { size 1; register R @0 : u8 rw; }").Members.OfType<RegisterSyntax>().Single();

        Assert.Null(register.AccessWidths);
    }

    [Fact]
    public void Reserved_clause_and_rsvd_access_kind_parse()
    {
        var register = Device("device D { size 1; register R @0 : u8 rw reset 1 reserved { A @0; B @6..7 rsvd reset 2; } }").Members.OfType<RegisterSyntax>().Single();

        Assert.True(register.ReservedOutsideFields);
        Assert.Equal(AccessKind.Reserved, register.Fields[1].Access);
    }

    [Fact]
    public void Computed_clause_before_read_hook_and_self_clearing_field_parse()
    {
        var register = Device("device D { size 1; register R @0 : u8 rw computed reset 0 before read -> Latch on write -> W { Go @0 sc; } }")
            .Members.OfType<RegisterSyntax>().Single();

        Assert.True(register.Computed);
        Assert.Equal("Latch", register.BeforeReadHook!.Text);
        Assert.Equal("W", register.WriteHook!.Text);
        Assert.Equal(AccessKind.SelfClearing, register.Fields[0].Access);
    }

    [Fact]
    public void Register_array_takes_fields_and_named_values_after_its_stride()
    {
        var register = Device("device D { size 16; register T[2] @0 stride 8 : u64 rw { Level @1 { Edge = 0, Level = 1 } Enable @2; } }")
            .Members.OfType<RegisterSyntax>().Single();

        Assert.Equal((2UL, 8UL), (register.Count!.Value, register.Stride!.Value));
        Assert.Equal(["Level", "Enable"], register.Fields.Select(f => f.Name.Text));
        Assert.Equal(["Edge", "Level"], register.Fields[0].Values.Select(v => v.Name.Text));
    }

    [Fact]
    public void Group_parses_count_offset_stride_and_its_registers()
    {
        var group = Device("device D { size 64; group Timer[2] @0x20 stride 0x10 { register Config @0 : u64 rw; register Cmp @8 : u64 rw; } }")
            .Members.OfType<RegisterGroupSyntax>().Single();

        Assert.Equal(("Timer", 2UL, 0x20UL, 0x10UL), (group.Name.Text, group.Count.Value, group.Offset.Value, group.Stride.Value));
        Assert.Equal(["Config", "Cmp"], group.Registers.Select(r => r.Name.Text));
    }

    [Fact]
    public void Irq_setting_lists_several_outputs_and_a_placement_names_their_lines()
    {
        var result = SpecCompiler.Parse("t.hvspec", "device D { size 1; irq Tx, Rx; }\nmachine M { memory 1 MiB; device D d at io 0x10 irq Tx 4, Rx 5; }");
        Assert.Empty(result.Diagnostics);
        var irq = result.Syntax!.Declarations.OfType<DeviceSyntax>().Single().Members.OfType<DeviceSettingSyntax>().Single(s => s.Keyword == "irq");
        var placement = result.Syntax.Declarations.OfType<MachineSyntax>().Single().Members.OfType<PlacementSyntax>().Single();

        Assert.Equal(["Tx", "Rx"], irq.Values.Select(v => v.Text));
        Assert.Equal([("Tx", 4UL), ("Rx", 5UL)], placement.Lines.Select(l => (l.Output.Text, l.Line.Value)));
    }

    [Fact]
    public void Shared_enum_and_a_field_taking_its_values_parse()
    {
        var device = Device("device D { size 1; enum Trigger { Edge = 0, Level = 1 } register R @0 : u8 rw { Mode @0 as Trigger; } }");

        var shared = device.Members.OfType<EnumSyntax>().Single();
        Assert.Equal(("Trigger", 2), (shared.Name.Text, shared.Values.Length));
        Assert.Equal("Trigger", device.Members.OfType<RegisterSyntax>().Single().Fields[0].EnumType!.Text);
    }
}
