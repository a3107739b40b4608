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

    public int Cpl { get; set; }

    public CpuMode Mode => CpuMode.Long64;

    public bool ReadLinear(ulong address, Span<byte> destination) => false;

    public bool WriteLinear(ulong address, ReadOnlySpan<byte> source) => false;

    public bool ReadLinearAsGuest(ulong address, Span<byte> destination) => false;

    public bool WriteLinearAsGuest(ulong address, ReadOnlySpan<byte> source) => false;

    public bool ReadPhysical(ulong address, Span<byte> destination) => false;

    public bool WritePhysical(ulong address, ReadOnlySpan<byte> source) => false;

    public void CompletePortIn(in VmExit exit, ulong value) => PortIn = value;

    public void CompleteMmioRead(in VmExit exit, ulong value) => throw new NotSupportedException();

    /// <summary>The value the last IN completed with.</summary>
    public ulong? PortIn { get; private set; }

    /// <summary>The MSRs this CPU implements itself: only EFER, whose bits 63..12 are reserved.</summary>
    public Dictionary<uint, ulong> Msrs { get; } = new() { [Efer] = 0 };

    private const uint Efer = 0xC000_0080;

    public bool TryReadMsr(uint index, out ulong value) => Msrs.TryGetValue(index, out value);

    // Like hardware: a write that sets a reserved bit is refused and leaves the MSR unchanged.
    public bool TryWriteMsr(uint index, ulong value)
    {
        if (index != Efer || value >> 12 != 0) return false;
        Msrs[index] = value;
        return true;
    }
}
