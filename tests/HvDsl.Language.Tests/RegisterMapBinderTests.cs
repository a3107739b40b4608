using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Tests;

/// <summary>What the binder puts in the model for the register-map constructs.</summary>
public class RegisterMapBinderTests
{
    private static BoundDevice Bind(string text)
    {
        var result = SpecCompiler.Compile([("t.hvspec", text)]);
        Assert.Empty(result.Diagnostics);
        return result.Model.Devices.Single();
    }

    [Fact]
    public void Lanes_give_each_register_the_device_widths_up_to_its_own()
    {
        var device = Bind("device D { size 12; access 1, 4, 8 lanes; register A @0 : u64 rw; register B @8 : u32 rw; }");

        Assert.Equal([1, 4, 8], device.Registers[0].AccessWidths);
        Assert.Equal([1, 4], device.Registers[1].AccessWidths);
        Assert.True(device.Registers[0].IsLaned);
    }

    [Fact]
    public void State_register_binds_outside_the_window_with_no_access_width()
    {
        var state = Bind("device D { size 1; access 1; register R @0 : u8 rw; state Phase : u64 { Next @40..41; } }").Registers[1];

        Assert.True(state.State);
        Assert.Empty(state.AccessWidths);
        Assert.Equal(8, state.Width);
    }

    [Fact]
    public void Command_registers_chosen_by_the_written_value_share_their_offset()
    {
        var device = Bind("device D { size 1; register A @0 : u8 wo when written.Init == 1 { Init @4; } register B @0 : u8 wo when written.Kind == 0 { Kind @3..4; } }");

        Assert.All(device.Registers, r => Assert.True(r.Condition!.OnWrittenValue));
    }

    [Fact]
    public void Plain_writer_shares_the_offset_of_command_registers()
    {
        var device = Bind("device D { size 1; register A @0 : u8 wo when written.Init == 1 { Init @4; } register B @0 : u8 wo; }");

        Assert.Null(device.Registers.Single(r => r.Name == "B").Condition);
    }

    [Fact]
    public void Condition_on_a_named_value_binds_to_the_number_the_field_gives_it()
    {
        var device = Bind("device D { size 2; register L @1 : u8 rw { Dlab @7 { Data = 0, Divisor = 1 } } register A @0 : u8 rw when L.Dlab == Divisor; register B @0 : u8 rw when L.Dlab == Data; }");

        Assert.Equal((1UL, "Divisor"), (device.Registers[1].Condition!.Value, device.Registers[1].Condition!.ValueName));
        Assert.Equal(0UL, device.Registers[2].Condition!.Value);
    }

    [Fact]
    public void Condition_on_a_value_of_a_shared_enum_binds_to_its_number()
    {
        var device = Bind("device D { size 2; enum Word { Init = 0, Run = 2 } state S : u8 { Phase @0..1 as Word; } register A @0 : u8 wo when S.Phase == Run; }");

        Assert.Equal(2UL, device.Registers[1].Condition!.Value);
    }

    [Fact]
    public void Condition_on_the_written_value_may_name_one_of_its_fields_values()
    {
        var device = Bind("device D { size 1; register A @0 : u8 wo when written.Op == Read { Op @4 { Write = 0, Read = 1 } } register B @0 : u8 wo when written.Op == Write { Op @4 { Write = 0, Read = 1 } } }");

        Assert.Equal([1UL, 0UL], device.Registers.Select(r => r.Condition!.Value));
    }

    [Fact]
    public void Unknown_condition_value_name_is_one_located_error_with_a_suggestion_and_no_overlap_after_it()
    {
        var diagnostic = Assert.Single(SpecCompiler.Compile([("t.hvspec",
            "device D {\n    size 2;\n    register L @1 : u8 rw { Dlab @7 { Data = 0, Divisor = 1 } }\n    register A @0 : u8 rw when L.Dlab == Divisr;\n    register B @0 : u8 rw when L.Dlab == Data;\n}")]).Diagnostics);

        Assert.Equal("t.hvspec(4,42): error HV0004: No value of field 'L.Dlab' named 'Divisr' is declared. Did you mean 'Divisor'? Declare it or correct the name.", diagnostic.ToString());
    }

    [Fact]
    public void Condition_value_name_on_a_field_without_named_values_says_to_compare_with_a_number()
    {
        var diagnostic = Assert.Single(SpecCompiler.Compile([("t.hvspec", "device D { size 2; register L @1 : u8 rw { F @0; } register A @0 : u8 rw when L.F == On; }")]).Diagnostics);

        Assert.Equal("t.hvspec(1,86): error HV0004: No value of field 'L.F' named 'On' is declared. The field names no values; compare it with a number. Declare it or correct the name.", diagnostic.ToString());
    }

    [Fact]
    public void Split_device_accepts_widths_wider_than_every_register()
    {
        var device = Bind("device D { size 4; access 1, 2, 4 split; register A @0 : u8 rw; register B @1 : u8 rw; }");

        Assert.True(device.Split);
        Assert.Equal([1, 2, 4], device.AccessWidths);
        Assert.Equal([1], device.Registers[0].AccessWidths);
    }

    [Fact]
    public void Split_device_still_refuses_a_width_narrower_than_every_register()
    {
        var diagnostic = Assert.Single(SpecCompiler.Compile([("t.hvspec", "device D { size 8; access 1, 4, 8 split; register A @0 : u32 rw; }")]).Diagnostics);

        Assert.Equal("t.hvspec(1,27): error HV0042: No register answers a 1-byte access (registers answer 4), so every one would read the policy value and be ignored on write. Remove 1 from 'access'.", diagnostic.ToString());
    }

    [Fact]
    public void Without_lanes_a_register_answers_its_own_width_only()
    {
        var register = Bind("device D { size 4; access 1, 4; register A @0 : u32 rw; register B @0 : u8 wo; }").Registers.First();

        Assert.Equal([4], register.AccessWidths);
        Assert.False(register.IsLaned);
    }

    [Fact]
    public void Register_widths_without_a_device_access_list_make_the_device_widths()
    {
        var device = Bind("device D { size 8; register A @0 : u64 rw access 2, 8; }");

        Assert.Equal([2, 8], device.AccessWidths);
    }

    [Fact]
    public void Laned_register_may_not_share_bytes_with_another_of_the_same_kind()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "device D { size 4; access 1, 4 lanes; register A @0 : u32 rw; register B @0 : u8 rw; }")]);

        Assert.Contains(result.Diagnostics, d => d.Id == "HV0005");
    }

    [Fact]
    public void Reserved_clause_reaches_the_bound_register()
    {
        var register = Bind("device D { size 1; register R @0 : u8 rw reserved { A @0; } }").Registers.Single();

        Assert.True(register.ReservedOutsideFields);
    }

    [Fact]
    public void Msr_may_not_be_reserved()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "msrs M { 0x10 A rsvd; }")]);

        Assert.Contains(result.Diagnostics, d => d.Id == "HV0024");
    }

    [Fact]
    public void Fields_of_a_register_array_bind_with_their_bits_and_values()
    {
        var register = Bind("device D { size 16; access 8; register T[2] @0 stride 8 : u64 rw { Level @1 { Edge = 0, Level = 1 } Route @9..13; } }").Registers.Single();

        Assert.Equal((2, 8UL), (register.Count, register.Stride));
        Assert.Equal([("Level", 1, 1), ("Route", 9, 13)], register.Fields.Select(f => (f.Name, f.Low, f.High)));
        Assert.Equal(["Edge", "Level"], register.Fields[0].Values.Select(v => v.Name));
    }

    [Fact]
    public void Self_clearing_field_binds_with_its_own_access_kind_inside_a_read_write_register()
    {
        var register = Bind("device D { size 1; register R @0 : u8 rw on write -> W { Go @0 sc; Level @6..7; } }").Registers.Single();

        Assert.Equal([AccessKind.SelfClearing, AccessKind.ReadWrite], register.Fields.Select(f => f.Access));
    }

    [Fact]
    public void Computed_register_and_before_read_hook_reach_the_bound_register()
    {
        var register = Bind("device D { size 1; register R @0 : u8 ro computed before read -> Latch; }").Registers.Single();

        Assert.True(register.Computed);
        Assert.Equal("Latch", register.BeforeReadHook);
    }

    [Fact]
    public void Group_registers_bind_as_arrays_named_after_the_group()
    {
        var registers = Bind("device D { size 64; group Timer[2] @0x20 stride 0x10 { register Config @0 : u64 rw; register Cmp @8 : u64 rw; } }").Registers;

        Assert.Equal([("TimerConfig", 0x20UL, 2, 0x10UL), ("TimerCmp", 0x28UL, 2, 0x10UL)], registers.Select(r => (r.Name, r.Offset, r.Count, r.Stride)));
    }

    [Fact]
    public void Group_stride_smaller_than_its_registers_makes_instances_overlap()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "device D { size 64; group T[2] @0 stride 8 { register A @0 : u64 rw; register B @8 : u64 rw; } }")]);

        Assert.Contains(result.Diagnostics, d => d.Id == "HV0005");
    }

    [Fact]
    public void Array_length_inside_a_group_is_refused_at_the_length()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "device D { size 64; group T[2] @0 stride 16 { register A[2] @0 : u32 rw; } }")]);

        Assert.Contains(result.Diagnostics, d => d.Id == "HV0019" && d.Span.StartColumn == 58);
    }

    [Fact]
    public void Placement_wires_each_named_output_and_reports_an_unknown_one()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "device D { size 1; irq Tx, Rx; }\nmachine M { memory 1 MiB; device D d at io 0x10 irq Tx 4, Nope 5; }")]);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("HV0004", 2, 59), (d.Id, d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void Device_keeps_every_interrupt_output_in_order()
    {
        var device = Bind("device D { size 1; irq Tx, Rx, Err; }");

        Assert.Equal(["Tx", "Rx", "Err"], device.Irqs);
        Assert.Equal("Tx", device.Irq);
    }

    [Fact]
    public void Field_as_a_shared_enum_takes_its_values()
    {
        var device = Bind("device D { size 1; enum Trigger { Edge = 0, Level = 1 } register R @0 : u8 rw { Mode @0 as Trigger; } }");

        var field = device.Registers.Single().Fields.Single();
        Assert.Equal("Trigger", field.EnumType);
        Assert.Equal(["Edge", "Level"], field.Values.Select(v => v.Name));
        Assert.Equal("Trigger", device.Enums.Single().Name);
    }

    [Fact]
    public void Unknown_shared_enum_is_reported_at_its_name()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "device D { size 1; register R @0 : u8 rw { Mode @0 as Nope; } }")]);

        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("HV0004", 55), (d.Id, d.Span.StartColumn));
    }

    [Fact]
    public void Shared_enum_value_too_wide_for_a_field_using_it_is_reported()
    {
        var result = SpecCompiler.Compile([("t.hvspec", "device D { size 1; enum E { A = 0, B = 2 } register R @0 : u8 rw { F @0 as E; } }")]);

        Assert.Contains(result.Diagnostics, d => d.Id == "HV0008");
    }
}
