using System;
using System.IO;
using HvDsl.Runtime;
using Iced.Intel;

namespace HvDsl.Benchmarks.Runtime;

/// <summary>Builds a long-mode VM running one assembled guest loop, reset before every invocation.</summary>
internal sealed class GuestPrograms : IDisposable
{
    private const ulong BootArea = 0x10000;
    private const ulong Code = 0x100000;
    private const ulong Stack = 0x80000;

    public GuestPrograms(Action<Assembler> program)
    {
        Vm = Vm.WithMemory(16);
        var assembler = new Assembler(64);
        program(assembler);
        using var stream = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(stream), Code);
        Vm.Memory.Load(Code, stream.ToArray());
        GuestBoot.Long(Vm, BootArea, Code, Stack);
    }

    public Vm Vm { get; }

    /// <summary>Puts the vCPU back at the loop entry; page tables and decoded blocks stay warm.</summary>
    public void Restart()
    {
        Vm.Cpu.Rip = Code;
        Vm.Cpu.SetRegister(Register.RSP, Stack);
    }

    public void Dispose() => Vm.Dispose();
}
