using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Machines;

namespace HvDsl.Machines.Pc;

public sealed partial class PcMachine
{
    /// <summary>Most vCPUs a PC takes: xAPIC IDs are 8 bits and 0xFF is the broadcast destination.</summary>
    public const int MaxCpus = 255;

    /// <inheritdoc cref="IMachine.MaxCpus"/>
    static int IMachine.MaxCpus => MaxCpus;

    private readonly List<LocalApic> _apics = [];

    /// <summary>The local APICs, one per vCPU in processor order; the boot processor's first.</summary>
    public IReadOnlyList<LocalApic> LocalApics => _apics;

    // One APIC per vCPU behind one window; the boot processor's is left as a PC BIOS leaves it, the PIC on its LINT0.
    // The I/O APIC takes the ISA lines, passes them on to the PIC pair, and hears the local APICs' level-triggered EOIs.
    private void ConnectApics()
    {
        foreach (var cpu in Vm.Cpus) ConnectLocalApic(cpu);
        _apics[0].Lint0Source = PicMaster;
        _apics[0].EnterVirtualWireMode();
        Vm.Mmio.Register(LocalApic.DefaultBase, new LocalApicWindow(Vm, _apics));
        IoApic.Pic = PicMaster;
        IoApic.Apics = _apics;
        Kvm.Apics = _apics;
        Vm.InterruptController = IoApic;
    }

    // Application processors wait for INIT and SIPI through their local APIC.
    private void AddApplicationProcessors(int cpus)
    {
        if (cpus is < 1 or > MaxCpus)
            throw new ArgumentOutOfRangeException(nameof(cpus), cpus, $"a PC has 1 to {MaxCpus} vCPUs");
        while (Vm.Cpus.Count < cpus) ConnectLocalApic(Vm.AddCpu());
    }

    private void ConnectLocalApic(VCpu cpu)
    {
        cpu.Vendor = CpuidVendor.OfTable();
        var apic = new LocalApic { Vm = Vm, Cpu = cpu, Bus = _apics, LevelEoi = IoApic.EndOfInterrupt };
        apic.SetIdentity(cpu.Index, bootstrap: cpu.Index == 0);
        cpu.LocalInterrupts = apic;
        _apics.Add(apic);
    }
}
