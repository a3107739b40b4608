using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using HvDsl.Machines.Pc.Demos;
using HvDsl.Runtime;
using HvDsl.Runtime.Devices;
using Iced.Intel;

namespace HvDsl.Machines.Pc.Tests.Snapshots;

/// <summary>The demo kernel on a fresh PC with its console captured; runs whole or in pieces joined by snapshots.</summary>
internal sealed class KernelRun : IDisposable
{
    private readonly MemoryStream _console = new();

    public KernelRun(bool boot = true)
    {
        Machine = new PcMachine(_console);
        if (!boot) return;
        var kernel = DemoGuests.Find("kernel")!;
        Machine.Vm.Memory.Load(kernel.LoadAddress, kernel.Build());
        GuestBoot.Start(Machine.Vm, kernel.Mode, kernel.Entry);
    }

    public PcMachine Machine { get; }

    public Vm Vm => Machine.Vm;

    public string Output => Encoding.ASCII.GetString(_console.ToArray());

    /// <summary>What the guest can observe, hashed: registers, clock, all of RAM and every device's saved state.</summary>
    public string StateHash()
    {
        var state = new BinaryWriter(new MemoryStream());
        var cpu = Vm.Cpu;
        for (var r = Register.RAX; r <= Register.R15; r++) state.Write(cpu.GetRegister(r));
        foreach (var r in new[] { Register.ES, Register.CS, Register.SS, Register.DS, Register.FS, Register.GS })
        {
            var segment = cpu.GetSegment(r);
            state.Write(segment.Selector); state.Write(segment.Base); state.Write(segment.Limit); state.Write(segment.Attributes);
        }
        state.Write(cpu.Rip); state.Write(cpu.RFlags); state.Write(cpu.Cr0); state.Write(cpu.Cr3); state.Write(cpu.Cr4); state.Write(cpu.Efer);
        state.Write(cpu.IsHalted); state.Write(Vm.InstructionCount); state.Write(Vm.Clock.NowNanoseconds);
        var ram = new byte[Machine.Vm.Memory.Regions[0].Size];
        Vm.Memory.Read(0, ram);
        state.Write(ram);
        foreach (var device in new IDeviceState[] { Machine.PicMaster, Machine.PicSlave, Machine.Pit, Machine.Rtc, Machine.Com1, Machine.DebugExit })
            device.Save(state);
        return Convert.ToHexString(SHA256.HashData(((MemoryStream)state.BaseStream).ToArray()));
    }

    public byte[] Snapshot()
    {
        var snapshot = new MemoryStream();
        Vm.Save(snapshot);
        return snapshot.ToArray();
    }

    /// <summary>A fresh PC, not booted, with <paramref name="snapshot"/> restored into it.</summary>
    public static KernelRun Restored(byte[] snapshot)
    {
        var run = new KernelRun(boot: false);
        run.Vm.Restore(new MemoryStream(snapshot));
        return run;
    }

    public void Dispose() => Machine.Dispose();
}
