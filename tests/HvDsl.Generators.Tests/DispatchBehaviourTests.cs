using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Generators.Tests;

/// <summary>Generated hypercall, trap, CPUID and MSR dispatch, compiled in memory and run against a register-file CPU.</summary>
public sealed class DispatchBehaviourTests
{
    private const string Spec = """
        hypercalls Calls via vmcall {
            number rax;
            arguments rbx, rcx;
            result rax;
            otherwise => result -1000;
            denied => result -7;
            1 Add(a: u64, b: u32) -> u64;
            2 Note(x: u8);
            3 Time() -> u64 user;
        }

        traps Traps {
            hlt => halt;
            cpuid => table Ids;
            rdmsr, wrmsr => msrs Regs;
            cli => OnCli;
            clts => emulate;
            rdpmc => raise GP(0);
            vmcall => hypercalls Calls;
            otherwise => raise UD;
        }

        cpuid Ids {
            0 => eax 1, vendor "GenuineIntel";
            7 sub 1 => ebx 0x22;
            0x40000000 => eax 0x40000001, vendor "HvDslHvDslHv";
        }

        msrs Regs {
            0x10 Tsc rw reset 5;
            0x3A Locked ro reset 1;
        }
        """;

    private const string Handlers = """
        using HvDsl.Runtime.Cpu;
        using HvDsl.Runtime.Exits;
        namespace Test;
        public sealed partial class CallsHypercalls
        {
            public System.Collections.Generic.List<string> Log { get; } = new();
            private partial ulong Add(IGuestCpu cpu, ulong a, uint b) { Log.Add($"Add {a} {b}"); return a + b; }
            private partial void Note(IGuestCpu cpu, byte x) => Log.Add($"Note {x}");
            private partial ulong Time(IGuestCpu cpu) { Log.Add($"Time at CPL {cpu.Cpl}"); return 42; }
        }
        public sealed partial class TrapsTrapHandler
        {
            public Iced.Intel.Mnemonic Seen { get; private set; }
            private partial ExitAction OnCli(IGuestCpu cpu, in VmExit exit) { Seen = exit.Instruction.Mnemonic; return ExitAction.Emulate; }
        }
        """;

    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(Spec, Handlers);

    private readonly RegisterCpu cpu = new();
    private readonly dynamic calls = InMemoryCompiler.Create<object>(Assembly, "CallsHypercalls");
    private readonly dynamic ids = InMemoryCompiler.Create<object>(Assembly, "IdsTable");
    private readonly dynamic regs = InMemoryCompiler.Create<object>(Assembly, "RegsTable");

    private ITrapHandler Traps(Vm vm) => InMemoryCompiler.Create<ITrapHandler>(Assembly, "TrapsTrapHandler", vm, ids, regs, calls);

    private static VmExit Exit(ExitReason reason, byte[] code, ulong address = 0, ulong value = 0)
    {
        var decoder = Decoder.Create(64, new ByteArrayCodeReader(code));
        decoder.Decode(out var instruction);
        return new VmExit(reason, instruction, address, value: value);
    }

    [Fact]
    public void Hypercall_reaches_its_handler_with_arguments_narrowed_and_the_result_in_rax()
    {
        cpu.SetRegister(Register.RAX, 1);
        cpu.SetRegister(Register.RBX, 10);
        cpu.SetRegister(Register.RCX, 0x1_0000_0005);
        calls.Execute(cpu);
        Assert.Equal(15UL, cpu.GetRegister(Register.RAX));
        Assert.Equal(["Add 10 5"], ((System.Collections.Generic.List<string>)calls.Log).ToArray());
    }

    [Fact]
    public void Hypercall_without_result_writes_zero()
    {
        cpu.SetRegister(Register.RAX, 2);
        cpu.SetRegister(Register.RBX, 0x1FF);
        calls.Execute(cpu);
        Assert.Equal(0UL, cpu.GetRegister(Register.RAX));
        Assert.Equal(["Note 255"], ((System.Collections.Generic.List<string>)calls.Log).ToArray());
    }

    [Fact]
    public void Unknown_hypercall_returns_minus_1000()
    {
        cpu.SetRegister(Register.RAX, 99);
        calls.Execute(cpu);
        Assert.Equal(unchecked((ulong)-1000L), cpu.GetRegister(Register.RAX));
        Assert.Empty((System.Collections.Generic.List<string>)calls.Log);
    }

    [Fact]
    public void Hypercall_from_cpl_3_not_marked_user_gets_the_denied_result_without_running()
    {
        cpu.Cpl = 3;
        cpu.SetRegister(Register.RAX, 1);
        calls.Execute(cpu);
        Assert.Equal(unchecked((ulong)-7L), cpu.GetRegister(Register.RAX));
        Assert.Empty((System.Collections.Generic.List<string>)calls.Log);
    }

    [Fact]
    public void Hypercall_marked_user_runs_from_cpl_3()
    {
        cpu.Cpl = 3;
        cpu.SetRegister(Register.RAX, 3);
        calls.Execute(cpu);
        Assert.Equal(42UL, cpu.GetRegister(Register.RAX));
        Assert.Equal(["Time at CPL 3"], ((System.Collections.Generic.List<string>)calls.Log).ToArray());
    }

    [Fact]
    public void Unknown_hypercall_from_cpl_1_gets_the_denied_result()
    {
        cpu.Cpl = 1;
        cpu.SetRegister(Register.RAX, 99);
        calls.Execute(cpu);
        Assert.Equal(unchecked((ulong)-7L), cpu.GetRegister(Register.RAX));
    }

    [Fact]
    public void Vmcall_trap_dispatches_to_the_hypercall_table()
    {
        using var vm = new Vm(1 << 20);
        cpu.SetRegister(Register.RAX, 1);
        cpu.SetRegister(Register.RBX, 2);
        cpu.SetRegister(Register.RCX, 3);
        var action = Traps(vm).Handle(cpu, Exit(ExitReason.Hypercall, [0x0F, 0x01, 0xC1]));
        Assert.Equal(ExitActionKind.Resume, action.Kind);
        Assert.Equal(5UL, cpu.GetRegister(Register.RAX));
    }

    [Fact]
    public void Handler_rule_calls_the_partial_method_with_the_exit()
    {
        using var vm = new Vm(1 << 20);
        var traps = Traps(vm);
        var action = traps.Handle(cpu, Exit(ExitReason.Trapped, [0xFA]));
        Assert.Equal(ExitActionKind.Emulate, action.Kind);
        Assert.Equal(Mnemonic.Cli, (Mnemonic)((dynamic)traps).Seen);
    }

    [Fact]
    public void Emulate_rule_lets_the_vcpu_execute_the_instruction()
    {
        using var vm = new Vm(1 << 20);

        var action = Traps(vm).Handle(cpu, Exit(ExitReason.Trapped, [0x0F, 0x06]));

        Assert.Equal(ExitActionKind.Emulate, action.Kind);
    }

    [Fact]
    public void Raise_rule_injects_the_exception_with_its_error_code_and_otherwise_raises_ud()
    {
        using var vm = new Vm(1 << 20);
        var gp = Traps(vm).Handle(cpu, Exit(ExitReason.Trapped, [0x0F, 0x33]));
        Assert.Equal((ExitActionKind.InjectException, (byte)13, (uint?)0), (gp.Kind, gp.Vector, gp.ErrorCode));
        var ud = Traps(vm).Handle(cpu, Exit(ExitReason.Trapped, [0x0F, 0x09]));
        Assert.Equal((ExitActionKind.InjectException, (byte)6, (uint?)null), (ud.Kind, ud.Vector, ud.ErrorCode));
    }

    [Fact]
    public void Halt_stops_the_run()
    {
        using var vm = new Vm(1 << 20);
        Assert.Equal(ExitActionKind.Stop, Traps(vm).Handle(cpu, Exit(ExitReason.Halt, [0xF4])).Kind);
    }

    [Fact]
    public void Cpuid_trap_packs_the_vendor_in_ebx_edx_ecx_on_leaf_0_and_ebx_ecx_edx_on_hypervisor_leaves()
    {
        using var vm = new Vm(1 << 20);
        Assert.Equal("GenuineIntel", Vendor(vm, 0, Register.EBX, Register.EDX, Register.ECX));
        Assert.Equal(1UL, cpu.GetRegister(Register.RAX));
        Assert.Equal("HvDslHvDslHv", Vendor(vm, 0x4000_0000, Register.EBX, Register.ECX, Register.EDX));
        Assert.Equal(0x4000_0001UL, cpu.GetRegister(Register.RAX));
    }

    /// <summary>Runs CPUID for <paramref name="leaf"/> and reads the 12 vendor bytes from <paramref name="order"/>.</summary>
    private string Vendor(Vm vm, uint leaf, params Register[] order)
    {
        cpu.SetRegister(Register.RAX, leaf);
        Traps(vm).Handle(cpu, Exit(ExitReason.Cpuid, [0x0F, 0xA2]));
        return System.Text.Encoding.ASCII.GetString(order.SelectMany(r => System.BitConverter.GetBytes((uint)cpu.GetRegister(r))).ToArray());
    }

    [Fact]
    public void Cpuid_subleaf_selects_its_answer_and_other_subleaves_read_zero()
    {
        var (_, ebx, _, _) = ((uint, uint, uint, uint))Assembly.GetType("Test.IdsTable")!.GetMethod("Query")!.Invoke(null, [7u, 1u])!;
        var (_, other, _, _) = ((uint, uint, uint, uint))Assembly.GetType("Test.IdsTable")!.GetMethod("Query")!.Invoke(null, [7u, 0u])!;
        Assert.Equal((0x22u, 0u), (ebx, other));
    }

    [Fact]
    public void Msr_reads_return_edx_eax_and_writes_to_read_only_or_unknown_msrs_raise_gp()
    {
        using var vm = new Vm(1 << 20);
        var traps = Traps(vm);
        traps.Handle(cpu, Exit(ExitReason.MsrWrite, [0x0F, 0x30], address: 0x10, value: 0x1_0000_0002));
        traps.Handle(cpu, Exit(ExitReason.MsrRead, [0x0F, 0x32], address: 0x10));
        Assert.Equal((2UL, 1UL), (cpu.GetRegister(Register.RAX), cpu.GetRegister(Register.RDX)));
        var readOnly = traps.Handle(cpu, Exit(ExitReason.MsrWrite, [0x0F, 0x30], address: 0x3A, value: 0));
        var unknown = traps.Handle(cpu, Exit(ExitReason.MsrRead, [0x0F, 0x32], address: 0x99));
        Assert.Equal((byte)13, readOnly.Vector);
        Assert.Equal((ExitActionKind.InjectException, (byte)13, (uint?)0), (unknown.Kind, unknown.Vector, unknown.ErrorCode));
    }

    [Fact]
    public void Trap_set_contains_exactly_the_named_instructions()
    {
        var set = (TrapSet)Assembly.GetType("Test.TrapsTrapHandler")!.GetMethod("CreateTrapSet")!.Invoke(null, null)!;
        Assert.True(set.Contains(Code.Rdpmc));
        Assert.True(set.Contains(Code.Cli));
        Assert.False(set.Contains(Code.Sti));
    }
}
