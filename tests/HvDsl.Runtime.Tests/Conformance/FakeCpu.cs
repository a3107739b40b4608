using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>A stand-in processor for the runner's own tests: <see cref="Run"/> applies a scripted effect.</summary>
internal sealed class FakeCpu(Func<FakeCpu, ConformanceRun> effect) : IConformanceCpu
{
    public ushort[] Registers { get; } = new ushort[VectorRegisters.Count];
    public Dictionary<uint, byte> Ram { get; } = [];

    public void Load(ushort[] registers) => registers.CopyTo(Registers, 0);

    public ushort Read(VectorRegister register) => Registers[(int)register];

    public void WriteByte(uint physicalAddress, byte value) => Ram[physicalAddress] = value;

    public byte ReadByte(uint physicalAddress) => Ram.GetValueOrDefault(physicalAddress);

    public ConformanceRun Run(int instructionBudget) => effect(this);

    public void Dispose()
    {
    }
}
