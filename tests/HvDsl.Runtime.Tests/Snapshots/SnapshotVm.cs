using System;
using System.IO;
using System.Security.Cryptography;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>A small long-mode VM with a latch device at port 0x80, running a loop that fills memory.</summary>
internal static class SnapshotVm
{
    public const ushort LatchPort = 0x80;

    /// <summary>A VM built the same way every time, so snapshots of one restore into another.</summary>
    public static Vm Create(int mebibytes = 4, bool boot = true)
    {
        var vm = Vm.WithMemory(mebibytes);
        vm.PortIo.Register(LatchPort, new LatchDevice());
        if (boot) Guest.Load(vm, "long", FillLoop);
        return vm;
    }

    private static void FillLoop(Assembler a)
    {
        var loop = a.CreateLabel();
        a.mov(rbx, 0x20_0000);
        a.Label(ref loop);
        a.inc(rax);
        a.mov(__qword_ptr[rbx], rax);
        a.add(rbx, 8);
        a.cmp(rbx, 0x21_0000);
        a.jne(loop);
        a.hlt();
    }

    public static byte[] Save(Vm vm)
    {
        var stream = new MemoryStream();
        vm.Save(stream);
        return stream.ToArray();
    }

    /// <summary>Registers, RIP, flags, instruction count and all of RAM, hashed.</summary>
    public static string State(Vm vm)
    {
        var state = new BinaryWriter(new MemoryStream());
        for (var r = Register.RAX; r <= Register.R15; r++) state.Write(vm.Cpu.GetRegister(r));
        state.Write(vm.Cpu.Rip);
        state.Write(vm.Cpu.RFlags);
        state.Write(vm.InstructionCount);
        var ram = new byte[vm.Memory.Regions[0].Size];
        vm.Memory.Read(0, ram);
        state.Write(ram);
        return Convert.ToHexString(SHA256.HashData(((MemoryStream)state.BaseStream).ToArray()));
    }
}
