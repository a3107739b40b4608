using System;
using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Machines.Pc.Tests.Support;

/// <summary>Drives a <see cref="PcMachine"/> the way a guest does: port reads and writes, and small real-mode programs.</summary>
internal static class Guest
{
    public const ulong Second = 1_000_000_000;

    public static PcMachine Create(MemoryStream? console = null, DateTime? rtcStart = null) =>
        new(new PcMachineOptions { Console = console, RtcStart = rtcStart, MemoryBytes = 1 << 20 });

    public static void Out(this PcMachine pc, ushort port, byte value) => pc.Vm.PortIo.Write(port, 1, value);

    public static byte In(this PcMachine pc, ushort port) => (byte)pc.Vm.PortIo.Read(port, 1);

    public static void OutWord(this PcMachine pc, ushort port, ushort value) => pc.Vm.PortIo.Write(port, 2, value);

    /// <summary>Moves the virtual clock forward without running the guest (device reads then see the later time).</summary>
    public static void Advance(this PcMachine pc, ulong nanoseconds) => ((VirtualClock)pc.Vm.Clock).Offset += nanoseconds;

    /// <summary>The usual BIOS programming: master vectors 0x20-0x27, slave 0x28-0x2F on the master's IR2, 8086 mode.</summary>
    public static void InitializePics(this PcMachine pc, byte masterBase = 0x20, byte slaveBase = 0x28)
    {
        pc.Out(0x20, 0x11);
        pc.Out(0x21, masterBase);
        pc.Out(0x21, 0x04);
        pc.Out(0x21, 0x01);
        pc.Out(0xA0, 0x11);
        pc.Out(0xA1, slaveBase);
        pc.Out(0xA1, 0x02);
        pc.Out(0xA1, 0x01);
    }

    /// <summary>Assembles <paramref name="program"/> as <paramref name="bitness"/>-bit code to run at <paramref name="address"/>.</summary>
    public static byte[] Assemble(int bitness, ulong address, Action<Assembler> program)
    {
        var assembler = new Assembler(bitness);
        program(assembler);
        using var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), address);
        return stream.ToArray();
    }

    /// <summary>Loads a 16-bit program at <paramref name="address"/>.</summary>
    public static void LoadRealMode(this PcMachine pc, ulong address, Action<Assembler> program) =>
        pc.Vm.Memory.Load(address, Assemble(16, address, program));

    /// <summary>Loads a 16-bit program at 0000:7C00 and points the boot vCPU at it in real mode.</summary>
    public static void BootRealMode(this PcMachine pc, Action<Assembler> program)
    {
        pc.LoadRealMode(0x7C00, program);
        GuestBoot.Real(pc.Vm.Cpu, 0, 0x7C00);
    }

    /// <summary>Loads a 32-bit program at 0x1000 and starts the boot vCPU there in flat protected mode.</summary>
    public static void BootProtected(this PcMachine pc, Action<Assembler> program)
    {
        pc.Vm.Memory.Load(0x1000, Assemble(32, 0x1000, program));
        GuestBoot.Start(pc.Vm, BootMode.Protected, 0x1000);
    }

    /// <summary>Nanoseconds for whole 1.193182 MHz PIT ticks, rounded up so the last tick has begun.</summary>
    public static ulong PitTicks(ulong ticks) => (ticks * 1_000_000_000 + I8254Pit.InputHz - 1) / I8254Pit.InputHz;

    /// <summary>Writes a PIT control word, then the LSB and MSB of the count to the counter it selects (bits 6-7).</summary>
    public static void ProgramPit(this PcMachine pc, byte control, ushort count)
    {
        var port = (ushort)(0x40 + (control >> 6));
        pc.Out(0x43, control);
        pc.Out(port, (byte)count);
        pc.Out(port, (byte)(count >> 8));
    }

    /// <summary>Reads a PIT counter LSB first, as the LSB-then-MSB access mode gives it.</summary>
    public static ushort ReadPitCounter(this PcMachine pc, int counter) =>
        (ushort)(pc.In((ushort)(0x40 + counter)) | (pc.In((ushort)(0x40 + counter)) << 8));

    /// <summary>Points real-mode interrupt vector <paramref name="vector"/> at 0000:<paramref name="handler"/>.</summary>
    public static void SetVector(this PcMachine pc, int vector, ushort handler) =>
        pc.Vm.Memory.Load((ulong)vector * 4, [(byte)handler, (byte)(handler >> 8), 0, 0]);

    public static ushort ReadWord(this PcMachine pc, ulong address)
    {
        Span<byte> word = stackalloc byte[2];
        pc.Vm.Memory.Read(address, word);
        return BitConverter.ToUInt16(word);
    }

    /// <summary>Moves the virtual clock forward and lets the VM fire the timers now due, as it does between guest blocks.</summary>
    public static void AdvanceAndFireTimers(this PcMachine pc, ulong nanoseconds)
    {
        pc.BootRealMode(a => a.hlt());
        pc.Vm.TrapHandler = new SleepUntil(pc, 0);
        pc.Advance(nanoseconds);
        pc.Vm.Run(10);
    }

    /// <summary>Lets HLT sleep until the next interrupt (virtual time skips ahead) and stops at the first HLT after <paramref name="until"/>.</summary>
    public sealed class SleepUntil(PcMachine pc, ulong until) : ITrapHandler
    {
        public ExitAction Handle(IGuestCpu cpu, in VmExit exit) =>
            exit.Reason != ExitReason.Halt ? pc.Traps.Handle(cpu, exit)
            : pc.Vm.Clock.NowNanoseconds >= until ? ExitAction.Stop("time is up")
            : ExitAction.Emulate;
    }
}
