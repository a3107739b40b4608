using System;
using System.Collections.Generic;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Firmware;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The Intel MultiProcessor Specification 1.4 table a PC firmware leaves in its BIOS area, built from this machine as it is:
/// a processor entry per vCPU with its local APIC's ID, the ISA bus, the I/O APIC at its window, and each ISA line on the
/// I/O APIC pin <see cref="IoApic.PinOf"/> wires it to, the 8259 on the boot processor's LINT0.
/// </summary>
public sealed partial class PcMachine
{
    /// <summary>
    /// Where <see cref="WriteMpTable"/> puts the floating pointer, the configuration table right after it: past the BIOS
    /// handlers' ROM area, in the 64 KiB at 0xF0000 operating systems scan (MP spec 1.4, 4.0).
    /// </summary>
    public const uint MpTableAddress = (uint)(RealModeFirmware.RomAddress + RealModeFirmware.RomSize);

    /// <summary>The ISA bus's number in the table.</summary>
    public const byte IsaBusId = 0;

    /// <summary>ISA interrupt lines: IRQ 0 to 15.</summary>
    public const int IsaLines = 16;

    // The I/O APIC's ID register has 4 bits (82093AA 3.2.1).
    private const int IoApicIdLimit = 0xF;

    /// <summary>
    /// The machine's MP configuration: the vCPUs' local APICs, the ISA bus, the I/O APIC and the interrupt wiring (the SCI's
    /// line level-triggered, active high), which the ACPI MADT repeats. The I/O
    /// APIC takes the first ID after the local APICs' (at most 15, its register's width), as the firmware programs it.
    /// </summary>
    public MpConfiguration MpConfiguration()
    {
        var (signature, _, _, features) = CpuidTable.Query(1, 0);
        var processors = new List<MpProcessor>();
        foreach (var apic in _apics)
            processors.Add(new MpProcessor((byte)apic.InitialId, (byte)apic.Version, apic.Cpu?.Index == 0, signature, features));
        var ioApicId = (byte)Math.Min(_apics.Count, IoApicIdLimit);
        var ioApicBase = Vm.Mmio.StartOf(IoApic) ?? throw new InvalidOperationException("the I/O APIC is not on the MMIO bus");
        var lines = new List<MpInterrupt>();
        for (var line = 0; line < IsaLines; line++)
        {
            // Flags 0: edge-triggered, active high, as ISA defines its lines; the SCI is level-triggered, as on QEMU's PC.
            if (IoApic.PinOf(line) is var pin and >= 0)
                lines.Add(new MpInterrupt(MpInterruptType.Int, line == SciLine ? LevelActiveHigh : (ushort)0, IsaBusId, (byte)line, ioApicId, (byte)pin));
        }
        var pic = new MpInterrupt(MpInterruptType.ExtInt, 0, IsaBusId, 0, (byte)_apics[0].InitialId, 0);
        return new MpConfiguration("HVDSL", "PC", (uint)LocalApic.DefaultBase, processors, [new MpBus(IsaBusId, "ISA")],
            [new MpIoApic(ioApicId, (byte)IoApic.Registers.Version, (uint)ioApicBase)], lines, [pic]);
    }

    /// <summary>
    /// Writes <see cref="MpConfiguration"/>'s tables at <see cref="MpTableAddress"/> and gives the I/O APIC the ID they name;
    /// returns false, writing nothing, when RAM does not reach that far.
    /// </summary>
    public bool WriteMpTable()
    {
        var configuration = MpConfiguration();
        var tables = MpTable.Build(configuration, MpTableAddress);
        Span<byte> last = stackalloc byte[1];
        if (!Vm.Memory.Read(MpTableAddress + (ulong)tables.Length - 1, last) || !Vm.Memory.Load(MpTableAddress, tables)) return false;
        IoApic.Registers.Id_Apic = configuration.IoApics[0].Id;
        IoApic.Registers.Arbitration = IoApic.Registers.Id;
        return true;
    }
}
