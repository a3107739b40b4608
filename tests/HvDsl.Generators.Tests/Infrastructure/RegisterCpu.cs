using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Generators.Tests.Infrastructure;

/// <summary>A guest CPU that is only a register file: enough for generated hypercall, CPUID and MSR code.</summary>
internal sealed class RegisterCpu : IGuestCpu
{
    private readonly Dictionary<Register, ulong> registers = [];

    public ulong GetRegister(Register register) => registers.GetValueOrDefault(register.GetFullRegister());

    // Like x86-64: a 32-bit write zero-extends into the full register.
    public bool SetRegister(Register register, ulong value)
    {
        registers[register.GetFullRegister()] = register.IsGPR32() ? (uint)value : value;
        return true;
    }

    public ulong Rip { get; set; }

    public ulong RFlags { get; set; }

    public int Cpl => 0;

    public CpuMode Mode => CpuMode.Long64;

    public bool ReadLinear(ulong address, Span<byte> destination) => false;

    public bool WriteLinear(ulong address, ReadOnlySpan<byte> source) => false;

    public bool ReadPhysical(ulong address, Span<byte> destination) => false;

    public bool WritePhysical(ulong address, ReadOnlySpan<byte> source) => false;

    public void CompletePortIn(in VmExit exit, ulong value) => PortIn = value;

    public void CompleteMmioRead(in VmExit exit, ulong value) => throw new NotSupportedException();

    /// <summary>The value the last IN completed with.</summary>
    public ulong? PortIn { get; private set; }
}
