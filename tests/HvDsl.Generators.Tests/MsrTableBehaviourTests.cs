using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Generators.Tests;

/// <summary>A generated MSR table with table-owned and <c>cpu</c> MSRs, compiled in memory and run against a register-file CPU.</summary>
public sealed class MsrTableBehaviourTests
{
    private const string Spec = """
        msrs Regs {
            0x10 Scratch rw reset 5;
            0xC0000080 Efer rw cpu;
            0xC0000081 Star rw cpu;
            0x49 Command wo;
        }
        """;

    private const uint Efer = 0xC000_0080;

    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(Spec);

    private readonly RegisterCpu cpu = new();
    private readonly dynamic regs = InMemoryCompiler.Create<object>(Assembly, "RegsTable");

    private static VmExit Write(uint index, ulong value) =>
        new(ExitReason.MsrWrite, default, index, 8, AccessDirection.Write, value);

    private static VmExit Read(uint index) => new(ExitReason.MsrRead, default, index, 8);

    // Reflection, not dynamic: the binder cannot pass the 'in VmExit' parameter.
    private ExitAction Execute(VmExit exit) =>
        (ExitAction)Assembly.GetType("Test.RegsTable")!.GetMethod("Execute")!.Invoke((object)regs, new object[] { cpu, exit })!;

    [Fact]
    public void Wrmsr_to_a_cpu_msr_reaches_the_vcpu_and_rdmsr_reads_it_back()
    {
        Assert.Equal(ExitActionKind.Resume, Execute(Write(Efer, 0x500)).Kind);
        Assert.Equal(0x500UL, cpu.Msrs[Efer]);

        cpu.Msrs[Efer] = 0xD01;
        Execute(Read(Efer));
        Assert.Equal((0xD01UL, 0UL), (cpu.GetRegister(Register.RAX), cpu.GetRegister(Register.RDX)));
    }

    [Fact]
    public void Value_the_vcpu_refuses_raises_gp0_and_changes_nothing()
    {
        var action = Execute(Write(Efer, 1UL << 40));

        Assert.Equal((ExitActionKind.InjectException, (byte)13, (uint?)0), (action.Kind, action.Vector, action.ErrorCode));
        Assert.Equal(0UL, cpu.Msrs[Efer]);
    }

    [Fact]
    public void Rdmsr_of_a_write_only_msr_raises_gp0_and_wrmsr_is_taken()
    {
        var read = Execute(Read(0x49));

        Assert.Equal((ExitActionKind.InjectException, (byte)13, (uint?)0), (read.Kind, read.Vector, read.ErrorCode));
        Assert.Equal(ExitActionKind.Resume, Execute(Write(0x49, 1)).Kind);
    }

    [Fact]
    public void Cpu_msr_the_vcpu_does_not_implement_raises_gp0()
    {
        var action = Execute(Read(0xC000_0081));

        Assert.Equal((ExitActionKind.InjectException, (byte)13, (uint?)0), (action.Kind, action.Vector, action.ErrorCode));
    }

    [Fact]
    public void Table_owned_msr_keeps_its_storage_and_leaves_the_vcpu_alone()
    {
        Assert.Equal(5UL, (ulong)regs.Scratch);

        Execute(Write(0x10, 0x1_0000_0002));

        Assert.Equal(0x1_0000_0002UL, (ulong)regs.Scratch);
        Assert.False(cpu.Msrs.ContainsKey(0x10));
    }

    [Fact]
    public void Unknown_msr_raises_gp0()
    {
        var action = Execute(Write(0x99, 0));

        Assert.Equal((ExitActionKind.InjectException, (byte)13, (uint?)0), (action.Kind, action.Vector, action.ErrorCode));
    }
}
