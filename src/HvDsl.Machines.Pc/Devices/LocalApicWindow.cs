using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The xAPIC window at 0xFEE00000 as the MMIO bus sees it: every processor reaches its own local APIC at the same
/// address, so an access goes to the APIC of the vCPU running. A globally disabled APIC, one in x2APIC mode (whose
/// registers are MSRs, SDM vol. 3A 11.12.1.2) or one IA32_APIC_BASE moved elsewhere (its processor reaches it there, through
/// <see cref="LocalApic.OwnWindow"/>) leaves the window open bus (all ones, writes dropped), as a processor without an APIC would.
/// </summary>
public sealed class LocalApicWindow : IIoDevice, IDeviceState
{
    private readonly Vm _vm;
    private readonly IReadOnlyList<LocalApic> _apics;

    /// <summary>A window over <paramref name="apics"/>, one per vCPU of <paramref name="vm"/> in processor order.</summary>
    public LocalApicWindow(Vm vm, IReadOnlyList<LocalApic> apics)
    {
        _vm = vm;
        _apics = apics;
    }

    /// <inheritdoc />
    public ulong Size => 0x1000;

    private LocalApic Current => _apics[_vm.CurrentCpu.Index];

    private bool Answers => Current.WindowOpen && Current.WindowBase == LocalApic.DefaultBase;

    /// <inheritdoc />
    public ulong Read(ulong offset, int width) =>
        Answers ? Current.Read(offset, width) : width >= 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1;

    /// <inheritdoc />
    public void Write(ulong offset, int width, ulong value)
    {
        if (Answers) Current.Write(offset, width, value);
    }

    /// <inheritdoc />
    public void Reset()
    {
        foreach (var apic in _apics) apic.Reset();
    }

    /// <inheritdoc />
    public void Save(BinaryWriter writer)
    {
        foreach (var apic in _apics) apic.Save(writer);
    }

    /// <inheritdoc />
    public void Restore(BinaryReader reader)
    {
        foreach (var apic in _apics) apic.Restore(reader);
    }
}
