using System;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>The runtime's <see cref="VCpu"/> as a conformance processor: a VM with 16 MB of RAM and no devices.</summary>
internal sealed class VCpuConformanceCpu : IConformanceCpu
{
    private const int RamMegabytes = 16;

    /// <summary>Iced's register for each <see cref="VectorRegister"/>; IP and FLAGS have their own properties.</summary>
    private static readonly Register[] IcedRegisters =
    [
        Register.AX, Register.BX, Register.CX, Register.DX, Register.CS, Register.SS, Register.DS, Register.ES,
        Register.SP, Register.BP, Register.SI, Register.DI,
    ];

    private readonly Vm _vm = Vm.WithMemory(RamMegabytes);
    private int? _firstVector;

    public VCpuConformanceCpu() => _vm.Cpu.EventDelivered += vector => _firstVector ??= vector;

    public void Load(ushort[] registers)
    {
        VCpu cpu = _vm.Cpu;
        cpu.Reset();
        for (var r = 0; r < IcedRegisters.Length; r++)
            cpu.SetRegister(IcedRegisters[r], registers[r]);
        cpu.Rip = registers[(int)VectorRegister.Ip];
        cpu.RFlags = registers[(int)VectorRegister.Flags];
    }

    public ushort Read(VectorRegister register) => register switch
    {
        VectorRegister.Ip => (ushort)_vm.Cpu.Rip,
        VectorRegister.Flags => (ushort)_vm.Cpu.RFlags,
        _ => (ushort)_vm.Cpu.GetRegister(IcedRegisters[(int)register]),
    };

    public void WriteByte(uint physicalAddress, byte value) => _vm.Memory.Load(physicalAddress, [value]);

    public byte ReadByte(uint physicalAddress)
    {
        Span<byte> value = stackalloc byte[1];
        _vm.Memory.Read(physicalAddress, value);
        return value[0];
    }

    /// <summary>The VM's default exit handling serves the rest: port reads see no device (all ones), HLT stops.</summary>
    public ConformanceRun Run(int instructionBudget)
    {
        _firstVector = null;
        VmExit exit = _vm.Run((ulong)instructionBudget);
        if (exit.Reason != ExitReason.Halt)
            return new ConformanceRun(false, _firstVector, $"{exit.Reason}: {exit.Message}");
        // The stop left RIP on the HLT; resuming completes it, as the vectors' final IP expects.
        _vm.Cpu.Complete(exit, ExitAction.Resume);
        return new ConformanceRun(true, _firstVector, null);
    }

    public void Dispose() => _vm.Dispose();
}
