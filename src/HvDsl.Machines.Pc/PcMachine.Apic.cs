using System.Collections.Generic;

namespace HvDsl.Machines.Pc;

public sealed partial class PcMachine
{
    private readonly List<LocalApic> _apics = [];

    /// <summary>The local APICs, one per vCPU in processor order; the boot processor's first.</summary>
    public IReadOnlyList<LocalApic> LocalApics => _apics;

    // One APIC per vCPU behind one window; the boot processor's is left as a PC BIOS leaves it, the PIC on its LINT0.
    // The I/O APIC takes the ISA lines, passes them on to the PIC pair, and hears the local APICs' level-triggered EOIs.
    private void ConnectApics()
    {
        foreach (var cpu in Vm.Cpus)
        {
            var apic = new LocalApic { Vm = Vm, Cpu = cpu, Bus = _apics, LevelEoi = IoApic.EndOfInterrupt };
            apic.SetIdentity(cpu.Index, bootstrap: cpu.Index == 0);
            cpu.LocalInterrupts = apic;
            _apics.Add(apic);
        }
        _apics[0].Lint0Source = PicMaster;
        _apics[0].EnterVirtualWireMode();
        Vm.Mmio.Register(LocalApic.DefaultBase, new LocalApicWindow(Vm, _apics));
        IoApic.Pic = PicMaster;
        IoApic.Apics = _apics;
        Vm.InterruptController = IoApic;
    }
}
