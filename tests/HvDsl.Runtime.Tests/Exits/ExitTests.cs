using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Devices;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Exits;

public sealed class ExitTests
{
    private sealed class Recorder : ITrapHandler
    {
        public readonly List<VmExit> Exits = [];
        public readonly List<ulong> Rips = [];

        public ExitAction Handle(IGuestCpu cpu, in VmExit exit)
        {
            Exits.Add(exit);
            Rips.Add(cpu.Rip);
            if (exit.Reason == ExitReason.Halt)
                return ExitAction.Stop("done");
            if (exit.Reason == ExitReason.PortIo && exit.Direction == AccessDirection.Read)
                cpu.CompletePortIn(exit, 0x5A);
            return ExitAction.Resume;
        }
    }

    private sealed class ByteSink(List<byte> bytes) : IIoDevice
    {
        public ulong Size => 1;
        public ulong Read(ulong offset, int width) => 0xFF;
        public void Write(ulong offset, int width, ulong value) => bytes.Add((byte)value);
        public void Reset() => bytes.Clear();
    }

    [Fact]
    public void Out_exit_carries_port_width_value_and_resume_advances_rip_once()
    {
        using var vm = Guest.Boot("protected", a =>
        {
            a.mov(eax, 0x41);
            a.@out(0xE9, al);
            a.mov(dx, 0x3F8);
            a.@out(dx, ax);
            a.inc(eax);
            a.hlt();
        });
        var recorder = new Recorder();
        vm.TrapHandler = recorder;
        var exit = vm.Run(1000);
        Assert.Equal(ExitReason.Halt, exit.Reason);
        Assert.Equal(3, recorder.Exits.Count);
        var first = recorder.Exits[0];
        Assert.Equal((ExitReason.PortIo, (ushort)0xE9, 1, AccessDirection.Write, 0x41UL), (first.Reason, first.Port, first.Width, first.Direction, first.Value));
        Assert.Equal((ushort)0x3F8, recorder.Exits[1].Port);
        Assert.Equal(2, recorder.Exits[1].Width);
        Assert.Equal(first.Instruction.IP, recorder.Rips[0]);
        Assert.Equal(0x42UL, vm.Cpu.GetRegister(Register.EAX)); // INC ran exactly once after the two resumes
    }

    [Fact]
    public void In_exit_result_lands_in_al()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.@in(al, 0x60);
            a.hlt();
        });
        vm.TrapHandler = new Recorder();
        vm.Run(100);
        Assert.Equal(0x5AUL, vm.Cpu.GetRegister(Register.AL));
    }

    [Fact]
    public void Rep_outsb_delivers_every_byte_and_leaves_registers_done()
    {
        using var vm = Guest.Boot("protected", a =>
        {
            a.mov(esi, 0x200000);
            a.mov(ecx, 5);
            a.mov(dx, 0xE9);
            a.rep.outsb();
            a.hlt();
        });
        vm.Memory.Load(0x200000, "hello"u8);
        var bytes = new List<byte>();
        vm.PortIo.Register(0xE9, new ByteSink(bytes));
        var exit = Guest.RunToHalt(vm);
        Assert.Equal("hello"u8.ToArray(), bytes.ToArray());
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(5L, vm.Cpu.Statistics.Exits - 1);
        Assert.Equal(ExitReason.Halt, exit.Reason);
    }

    [Fact]
    public void Cpuid_and_msr_exits_carry_leaf_and_index()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, 0x40000000);
            a.cpuid();
            a.mov(ecx, 0xC0000080);
            a.rdmsr();
            a.hlt();
        });
        var recorder = new Recorder();
        vm.TrapHandler = recorder;
        vm.Run(100);
        Assert.Equal((ExitReason.Cpuid, 0x40000000UL), (recorder.Exits[0].Reason, recorder.Exits[0].Address));
        Assert.Equal((ExitReason.MsrRead, 0xC0000080u), (recorder.Exits[1].Reason, recorder.Exits[1].Msr));
    }

    [Fact]
    public void Trap_set_makes_any_instruction_exit()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.rdtsc();
            a.hlt();
        });
        vm.Traps = TrapSet.CreateDefault().Add(Mnemonic.Rdtsc);
        var recorder = new Recorder();
        vm.TrapHandler = recorder;
        vm.Run(100);
        Assert.Equal(ExitReason.Trapped, recorder.Exits[0].Reason);
        Assert.Equal(Mnemonic.Rdtsc, recorder.Exits[0].Instruction.Mnemonic);
    }

    [Fact]
    public void Unmapped_load_exits_with_address_and_completes_with_handler_value()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(rbx, 0x3FF00000);
            a.mov(eax, __dword_ptr[rbx]);
            a.hlt();
        }, mebibytes: 4);
        vm.Memory.AddMmioHole(0x3FF00000, 0x1000);
        vm.TrapHandler = new MmioAnswer();
        var exit = vm.Run(100);
        Assert.Equal(ExitReason.Halt, exit.Reason);
        Assert.Equal(0x12345678UL, vm.Cpu.GetRegister(Register.EAX));
    }

    private sealed class MmioAnswer : ITrapHandler
    {
        public ExitAction Handle(IGuestCpu cpu, in VmExit exit)
        {
            if (exit.Reason == ExitReason.Mmio)
            {
                Assert.Equal((0x3FF00000UL, 4, AccessDirection.Read), (exit.Address, exit.Width, exit.Direction));
                cpu.CompleteMmioRead(exit, 0x12345678);
                return ExitAction.Resume;
            }
            return ExitAction.Stop("halt");
        }
    }

    [Fact]
    public void Privileged_instruction_at_cpl3_raises_gp_instead_of_exiting()
    {
        using var vm = Guest.Boot("long", a => a.hlt());
        vm.Cpu.SetSegment(Register.CS, new SegmentRegister(GuestBoot.UserCode64, 0, 0xFFFFFFFF, SegmentRegister.Code64 | (3 << 5)));
        var exit = vm.Run(100);
        // No IDT: #GP cannot be delivered, #DF neither, so the VM shuts down instead of exiting for HLT.
        Assert.Equal(ExitReason.Shutdown, exit.Reason);
    }
}
