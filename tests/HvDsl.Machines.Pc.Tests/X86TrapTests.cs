using System.IO;
using System.Text;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>Guest code on the reference PC reaching the hand-written trap actions through the generated dispatcher.</summary>
public sealed class X86TrapTests
{
    private const ulong Code = 0x7C00;

    private static byte[] Assemble(System.Action<Assembler> program)
    {
        var assembler = new Assembler(16);
        program(assembler);
        using var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), Code);
        return stream.ToArray();
    }

    private static VmExit Run(PcMachine machine, System.Action<Assembler> program)
    {
        machine.Vm.Memory.Load(Code, Assemble(program));
        GuestBoot.Real(machine.Vm.Cpu, 0, (ushort)Code);
        return machine.Vm.Run(1000);
    }

    [Fact]
    public void Vmcall_from_a_real_mode_guest_writes_to_the_console()
    {
        var console = new MemoryStream();
        using var machine = new PcMachine(console);
        machine.Vm.Memory.Load(0x8000, "hi from the guest"u8);

        var exit = Run(machine, a =>
        {
            a.mov(AssemblerRegisters.eax, 0x100);
            a.mov(AssemblerRegisters.ebx, 0x8000);
            a.mov(AssemblerRegisters.ecx, 17);
            a.vmcall();
            a.hlt();
        });

        Assert.Equal("guest halted", exit.Message);
        Assert.Equal("hi from the guest", Encoding.ASCII.GetString(console.ToArray()));
        Assert.Equal(17UL, machine.Vm.Cpu.GetRegister(Register.RAX));
    }

    [Fact]
    public void Rdtsc_returns_the_vm_clock_split_into_edx_and_eax()
    {
        using var machine = new PcMachine(Stream.Null);
        machine.Vm.Clock = new FixedClock(0x1_2345_6789);

        Run(machine, a =>
        {
            a.rdtsc();
            a.hlt();
        });

        Assert.Equal(0x1UL, machine.Vm.Cpu.GetRegister(Register.RDX));
        Assert.Equal(0x2345_6789UL, machine.Vm.Cpu.GetRegister(Register.RAX));
    }

    [Fact]
    public void Rdtscp_returns_the_vm_clock_and_the_tsc_aux_the_guest_wrote()
    {
        using var machine = new PcMachine(Stream.Null);
        machine.Vm.Clock = new FixedClock(0x1_2345_6789);

        Run(machine, a =>
        {
            a.mov(AssemblerRegisters.ecx, 0xC000_0103);
            a.mov(AssemblerRegisters.eax, 0x42);
            a.xor(AssemblerRegisters.edx, AssemblerRegisters.edx);
            a.wrmsr();
            a.xor(AssemblerRegisters.ecx, AssemblerRegisters.ecx);
            a.rdtscp();
            a.hlt();
        });

        Assert.Equal(0x1UL, machine.Vm.Cpu.GetRegister(Register.RDX));
        Assert.Equal(0x2345_6789UL, machine.Vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(0x42UL, machine.Vm.Cpu.GetRegister(Register.RCX));
    }

    [Fact]
    public void Cpuid_reaches_leaf_0b_and_advertises_clflush_clflushopt_clwb_rdpid_and_rdtscp()
    {
        using var machine = new PcMachine(Stream.Null);

        Run(machine, a =>
        {
            a.xor(AssemblerRegisters.eax, AssemblerRegisters.eax);
            a.cpuid();
            a.mov(AssemblerRegisters.esi, AssemblerRegisters.eax);
            a.mov(AssemblerRegisters.eax, 1);
            a.cpuid();
            a.mov(AssemblerRegisters.edi, AssemblerRegisters.edx);
            a.mov(AssemblerRegisters.eax, 0x8000_0001);
            a.cpuid();
            a.mov(AssemblerRegisters.ebp, AssemblerRegisters.edx);
            a.mov(AssemblerRegisters.eax, 7);
            a.xor(AssemblerRegisters.ecx, AssemblerRegisters.ecx);
            a.cpuid();
            a.hlt();
        });

        var cpu = machine.Vm.Cpu;
        Assert.Equal(0xBUL, cpu.GetRegister(Register.RSI));
        Assert.NotEqual(0UL, cpu.GetRegister(Register.RDI) & (1 << 19));
        Assert.NotEqual(0UL, cpu.GetRegister(Register.RBP) & (1 << 27));
        Assert.Equal((1UL << 23) | (1UL << 24), cpu.GetRegister(Register.RBX));
        Assert.Equal(1UL << 22, cpu.GetRegister(Register.RCX));
    }

    [Fact]
    public void Cpuid_leaf_1_advertises_the_4_mib_pages_the_vcpu_maps_under_cr4_pse()
    {
        using var machine = new PcMachine(Stream.Null);

        Run(machine, a =>
        {
            a.mov(AssemblerRegisters.eax, 1);
            a.cpuid();
            a.hlt();
        });

        Assert.NotEqual(0UL, machine.Vm.Cpu.GetRegister(Register.RDX) & (1 << 3));
    }

    [Fact]
    public void Cpuid_advertises_machine_check_and_its_architecture_and_the_arch_capabilities_msr()
    {
        using var machine = new PcMachine(Stream.Null);

        Run(machine, a =>
        {
            a.mov(AssemblerRegisters.eax, 1);
            a.cpuid();
            a.mov(AssemblerRegisters.esi, AssemblerRegisters.edx);
            a.mov(AssemblerRegisters.eax, 7);
            a.xor(AssemblerRegisters.ecx, AssemblerRegisters.ecx);
            a.cpuid();
            a.hlt();
        });

        var cpu = machine.Vm.Cpu;
        Assert.Equal((1UL << 7) | (1UL << 14), cpu.GetRegister(Register.RSI) & ((1 << 7) | (1 << 14)));
        Assert.Equal(1UL << 29, cpu.GetRegister(Register.RDX));
    }

    [Fact]
    public void Mov_to_cr0_is_applied_by_the_vcpu()
    {
        using var machine = new PcMachine(Stream.Null);

        Run(machine, a =>
        {
            a.mov(AssemblerRegisters.eax, AssemblerRegisters.cr0);
            a.or(AssemblerRegisters.eax, 1);
            a.mov(AssemblerRegisters.cr0, AssemblerRegisters.eax);
            a.hlt();
        });

        Assert.Equal(1UL, machine.Vm.Cpu.GetRegister(Register.CR0) & 1);
    }
}
