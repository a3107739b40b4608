using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>Guest RDMSR/WRMSR on the reference PC, trapped to the generated Msrs table: the vCPU's own MSRs must take effect.</summary>
public sealed class MsrTrapTests
{
    private const ulong BootArea = 0x1_0000, Code = 0x2_0000, Stack = 0x3_0000;
    private const uint Star = 0xC000_0081, Lstar = 0xC000_0082, Fmask = 0xC000_0084, Tsc = 0x10;
    private const ulong DirectionFlag = 0x400;

    private static void Load(PcMachine machine, int bitness, System.Action<Assembler, Label> program)
    {
        var assembler = new Assembler(bitness);
        var handler = assembler.CreateLabel();
        program(assembler, handler);
        using var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), Code);
        machine.Vm.Memory.Load(Code, stream.ToArray());
    }

    private static void WriteMsr(Assembler a, uint index, ulong value)
    {
        a.mov(ecx, index);
        a.mov(eax, (uint)value);
        a.mov(edx, (uint)(value >> 32));
        a.wrmsr();
    }

    [Fact]
    public void Syscall_from_ring_3_enters_the_handler_the_guest_set_with_wrmsr()
    {
        using var machine = new PcMachine(Stream.Null);
        GuestBoot.Long(machine.Vm, BootArea, Code, Stack);
        machine.Vm.Cpu.TryWriteMsr(Star, 0); // the guest's own WRMSR must set it
        Load(machine, 64, (a, handler) =>
        {
            var user = a.CreateLabel();
            WriteMsr(a, Star, ((ulong)(GuestBoot.UserCode32 & ~3) << 48) | ((ulong)GuestBoot.KernelCode << 32));
            a.lea(rax, __[handler]);
            a.xor(edx, edx);
            a.mov(ecx, Lstar);
            a.wrmsr();
            WriteMsr(a, Fmask, DirectionFlag);
            a.lea(rcx, __[user]);
            a.mov(r11, 0x2 | DirectionFlag);
            a.sysretq();
            a.Label(ref user);
            a.syscall();
            a.Label(ref handler);
            a.hlt();
        });

        var exit = machine.Vm.Run(1000);

        var cpu = machine.Vm.Cpu;
        Assert.Equal("guest halted", exit.Message);
        Assert.Equal((0, (ulong)GuestBoot.KernelCode), (cpu.Cpl, cpu.GetRegister(Register.CS)));
        Assert.Equal(0UL, cpu.RFlags & DirectionFlag);
        Assert.Equal(DirectionFlag, cpu.GetRegister(Register.R11) & DirectionFlag);
    }

    [Fact]
    public void Rdmsr_of_the_tsc_agrees_with_rdtsc()
    {
        using var machine = new PcMachine(Stream.Null);
        machine.Vm.Clock = new FixedClock(0x1_2345_6789);
        GuestBoot.Real(machine.Vm.Cpu, (ushort)(Code >> 4), 0);
        Load(machine, 16, (a, _) =>
        {
            a.mov(ecx, Tsc);
            a.rdmsr();
            a.mov(esi, eax);
            a.mov(edi, edx);
            a.rdtsc();
            a.hlt();
        });

        machine.Vm.Run(1000);

        var cpu = machine.Vm.Cpu;
        Assert.Equal((0x2345_6789UL, 0x1UL), (cpu.GetRegister(Register.RSI), cpu.GetRegister(Register.RDI)));
        Assert.Equal((0x2345_6789UL, 0x1UL), (cpu.GetRegister(Register.RAX), cpu.GetRegister(Register.RDX)));
    }

    [Fact]
    public void Wrmsr_of_the_tsc_moves_what_rdtsc_reads()
    {
        using var machine = new PcMachine(Stream.Null);
        machine.Vm.Clock = new FixedClock(1000);
        GuestBoot.Real(machine.Vm.Cpu, (ushort)(Code >> 4), 0);
        Load(machine, 16, (a, _) =>
        {
            WriteMsr(a, Tsc, 0x5_0000_0000);
            a.rdtsc();
            a.hlt();
        });

        machine.Vm.Run(1000);

        Assert.Equal((0UL, 5UL), (machine.Vm.Cpu.GetRegister(Register.RAX), machine.Vm.Cpu.GetRegister(Register.RDX)));
    }

    [Fact]
    public void Wrmsr_setting_a_reserved_efer_bit_raises_gp()
    {
        using var machine = new PcMachine(Stream.Null);
        GuestBoot.Long(machine.Vm, BootArea, Code, Stack);
        Load(machine, 64, (a, _) =>
        {
            WriteMsr(a, 0xC000_0080, 1UL << 40);
            a.hlt();
        });

        var exit = machine.Vm.Run(1000);

        // No IDT: the #GP(0) cannot be delivered, so the guest never reaches HLT and ends in a triple fault.
        Assert.Equal(ExitReason.Shutdown, exit.Reason);
        machine.Vm.Cpu.TryReadMsr(0xC000_0080, out var efer);
        Assert.Equal(0UL, efer & (1UL << 40));
    }
}
