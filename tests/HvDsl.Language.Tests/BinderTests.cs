using System.Linq;
using System.Text;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;

namespace HvDsl.Language.Tests;

/// <summary>What the binder puts in the model for valid specs.</summary>
public class BinderTests
{
    private static readonly BoundModel Library = SpecCompiler.Compile(SpecLibrary.Files).Model;

    private static BoundModel Bind(params string[] texts)
    {
        var result = SpecCompiler.Compile(texts.Select((t, i) => ($"f{i}.hvspec", t)));
        Assert.Empty(result.Diagnostics);
        return result.Model;
    }

    [Fact]
    public void Dlab_banks_divisor_latch_over_rbr_and_thr()
    {
        var uart = Library.FindDevice("Uart16550")!;

        var atZero = uart.Registers.Where(r => r.Offset == 0).ToDictionary(r => r.Name, r => (r.Access, r.Condition));
        Assert.Equal((AccessKind.ReadOnly, new BoundCondition("LCR", "DLAB", 0)), atZero["RBR"]);
        Assert.Equal((AccessKind.WriteOnly, new BoundCondition("LCR", "DLAB", 0)), atZero["THR"]);
        Assert.Equal((AccessKind.ReadWrite, new BoundCondition("LCR", "DLAB", 1)), atZero["DLL"]);
    }

    [Fact]
    public void Read_only_and_write_only_registers_may_share_an_offset()
    {
        var model = Bind("device D { size 1; register In @0 : u8 ro; register Out @0 : u8 wo; }");

        Assert.Equal(2, model.Devices.Single().Registers.Count);
    }

    [Fact]
    public void Registers_at_one_offset_with_different_widths_may_share_it()
    {
        var model = Bind("device D { size 4; access 1, 4; register Byte @0 : u8 wo; register Dword @0 : u32 wo; }");

        Assert.Equal(2, model.Devices.Single().Registers.Count);
    }

    [Fact]
    public void Field_reset_comes_from_the_register_reset_and_its_own_reset_is_merged_in()
    {
        var register = Bind("device D { size 1; register R @0 : u8 rw reset 0x60 { A @5; B @0..1 reset 2; } }").Devices.Single().Registers.Single();

        Assert.Equal(0x62UL, register.Reset);
        Assert.Equal([1UL, 2UL], register.Fields.Select(f => f.Reset));
        Assert.Equal(0x3UL, register.Fields[1].Mask);
    }

    [Fact]
    public void Field_without_access_takes_the_registers()
    {
        var lsr = Library.FindDevice("Uart16550")!.Registers.Single(r => r.Name == "LSR");

        Assert.Equal(AccessKind.ReadOnly, lsr.Fields.Single(f => f.Name == "DR").Access);
        Assert.Equal(AccessKind.ReadToClear, lsr.Fields.Single(f => f.Name == "OE").Access);
    }

    [Fact]
    public void Register_array_keeps_count_and_stride()
    {
        var counter = Library.FindDevice("I8254Pit")!.Registers.Single(r => r.Name == "Counter");

        Assert.Equal((3, 1UL, 2UL), (counter.Count, counter.Stride, counter.OffsetOf(2)));
    }

    [Fact]
    public void Access_widths_default_to_the_register_widths()
    {
        var device = Bind("device D { size 8; register A @0 : u32 rw; register B @4 : u16 rw; }").Devices.Single();

        Assert.Equal([2, 4], device.AccessWidths);
        Assert.Equal((ReadPolicy.AllOnes, Endianness.Little), (device.UnmappedRead, device.Endian));
    }

    [Fact]
    public void Hypervisor_vendor_string_fills_ebx_ecx_edx()
    {
        var leaf = Library.CpuidTables.Single().Leaves.Single(l => l.Leaf == 0x40000000);

        var vendor = new[] { leaf.Ebx, leaf.Ecx, leaf.Edx }.SelectMany(System.BitConverter.GetBytes).ToArray();
        Assert.Equal("HvDslHvDslHv", Encoding.ASCII.GetString(vendor));
        Assert.Equal(0x40000001U, leaf.Eax);
    }

    [Fact]
    public void Leaf_zero_vendor_string_fills_ebx_edx_ecx()
    {
        var leaf = Library.CpuidTables.Single().Leaves.Single(l => l.Leaf == 0);

        var vendor = new[] { leaf.Ebx, leaf.Edx, leaf.Ecx }.SelectMany(System.BitConverter.GetBytes).ToArray();
        Assert.Equal("GenuineIntel", Encoding.ASCII.GetString(vendor));
    }

    [Fact]
    public void Instruction_aliases_resolve_to_iced_mnemonics()
    {
        var rules = Library.TrapTables.Single().Rules.SelectMany(r => r.Instructions).ToDictionary(i => i.Written);

        Assert.Equal(["Mov"], rules["mov_cr"].Mnemonics);
        Assert.Equal(OperandFilter.ControlRegister, rules["mov_cr"].Filter);
        Assert.Equal(["Insb", "Insw", "Insd"], rules["ins"].Mnemonics);
        Assert.Equal(["Hlt"], rules["hlt"].Mnemonics);
    }

    [Fact]
    public void Emulate_rule_binds_to_an_action_with_no_target_vector_or_error_code()
    {
        var rule = Library.TrapTables.Single().Rules.Single(r => r.Instructions.Any(i => i.Written == "invlpg"));

        Assert.Equal(new BoundTrapAction(TrapActionKind.Emulate, null, -1, null), rule.Action);
    }

    [Fact]
    public void Raise_gp_carries_vector_and_error_code_and_ud_none()
    {
        var traps = Library.TrapTables.Single();

        Assert.Equal(new BoundTrapAction(TrapActionKind.Raise, "UD", 6, null), traps.Otherwise);
        Assert.Equal(new BoundTrapAction(TrapActionKind.Raise, "GP", 13, 0), Library.MsrTables.Single().Otherwise);
    }

    [Fact]
    public void Architectural_msrs_of_the_pc_pass_through_and_the_rest_keep_storage()
    {
        var msrs = Library.MsrTables.Single().Msrs;

        Assert.True(msrs.Single(m => m.Name == "Efer").PassThrough);
        Assert.False(msrs.Single(m => m.Name == "Pat").PassThrough);
    }

    [Fact]
    public void Hypercall_parameters_take_argument_registers_in_order()
    {
        var kvm = Library.HypercallTables.Single();

        var write = kvm.Calls.Single(c => c.Name == "ConsoleWrite");
        Assert.Equal((0x100UL, 8), (write.Number, write.ReturnWidth));
        Assert.Equal([new BoundParameter("address", 8, "rbx"), new BoundParameter("length", 4, "rcx")], write.Parameters);
        Assert.Equal(("rax", "rax", -1000L), (kvm.NumberRegister, kvm.ResultRegister, kvm.UnknownResult));
    }

    [Fact]
    public void Hypercalls_run_from_cpl_0_only_unless_marked_user_and_are_denied_with_kvm_eperm_by_default()
    {
        var table = Bind("hypercalls H via vmcall { 1 A() user; 2 B(); }").HypercallTables.Single();

        Assert.Equal([true, false], table.Calls.Select(c => c.User));
        Assert.Equal(-1L, table.DeniedResult);
    }

    [Fact]
    public void Kvm_lets_user_mode_make_only_console_write_and_wall_clock()
    {
        var kvm = Library.HypercallTables.Single();

        Assert.Equal(["ConsoleWrite", "WallClock"], kvm.Calls.Where(c => c.User).Select(c => c.Name));
        Assert.Equal(-1L, kvm.DeniedResult);
    }

    [Fact]
    public void Service_limits_default_where_unspecified()
    {
        var service = Bind("service S { listen tcp 7; limit line 80; on line => reply line; }").Services.Single();

        Assert.Equal(new BoundServiceLimits(100, 30_000, 80), service.Limits);
        Assert.Empty(service.OnConnect);
        Assert.Equal([new BoundStep(StepKind.ReplyLine, null, false)], service.OnLine);
    }

    [Fact]
    public void Machine_places_devices_declared_in_other_files()
    {
        var model = Bind("device D { size 4; irq I; }", "machine M { memory 1 MiB; device D d at io 0x100 irq 5; }");

        Assert.Equal(new BoundPlacement("D", "d", null, model.Machines.Single().Devices.Single().Span, AddressSpace.Io, 0x100, 4, 5),
            model.Machines.Single().Devices.Single());
    }

    [Fact]
    public void Machine_memory_below_gives_the_end_of_ram_below_4_gib()
    {
        Assert.Equal(0xC0000000UL, Bind("machine M { memory 64 MiB below 0xC000_0000; }").Machines.Single().LowRamEnd);
        Assert.Null(Bind("machine M { memory 64 MiB; }").Machines.Single().LowRamEnd);
    }

    [Fact]
    public void File_with_an_error_binds_nothing_while_other_files_still_bind()
    {
        var result = SpecCompiler.Compile([("good.hvspec", "device G { size 1; }"), ("bad.hvspec", "device B { size 1; size 2; }")]);

        Assert.Equal("bad.hvspec", Assert.Single(result.Diagnostics).Span.Path);
        Assert.Equal("G", Assert.Single(result.Model.Devices).Name);
    }

    [Fact]
    public void Compiling_the_same_specs_twice_gives_equal_models()
    {
        var again = SpecCompiler.Compile(SpecLibrary.Files).Model;

        Assert.Equal(Library, again);
        Assert.Equal(Library.GetHashCode(), again.GetHashCode());
    }
}
