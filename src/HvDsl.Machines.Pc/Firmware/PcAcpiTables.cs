using System;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Devices;
using HvDsl.Runtime.Firmware;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The ACPI tables a PC firmware leaves in its BIOS area, built from this machine as it is: the MADT from
/// <see cref="MpConfiguration"/> (the MP table's processors, I/O APIC and wiring, so the two agree), the FADT naming the
/// <see cref="AcpiPm"/> block's registers and the SCI, the HPET table from the HPET's capabilities and window, and a DSDT
/// holding the \_S3 and \_S5 sleep types the PM1 control register takes.
/// </summary>
public sealed partial class PcMachine
{
    /// <summary>
    /// Where <see cref="WriteAcpiTables"/> puts the RSDP, the other tables right after it: the start of the BIOS area an OS
    /// scans for it (0xE0000-0xFFFFF), below the handler ROM and MP table at <see cref="RealModeFirmware.RomAddress"/>.
    /// </summary>
    public const uint AcpiTablesAddress = 0xE0000;

    /// <summary>MP and MADT interrupt flags of a level-triggered, active-high line: polarity 01 in bits 1:0, trigger 11 in bits 3:2.</summary>
    public const ushort LevelActiveHigh = 0b1101;

    // The HPET delivers any comparator period down to one tick: each is a VM timer.
    private const ushort HpetMinimumTick = 1;

    /// <summary>The ISA line the SCI takes: <see cref="AcpiPm"/>'s irq in pc.hvspec.</summary>
    public int SciLine => (AcpiPm.Sci as InterruptLine)?.Number ?? throw new InvalidOperationException("the ACPI PM block has no SCI line");

    /// <summary>The machine's ACPI description; its interrupt wiring is <see cref="MpConfiguration"/>'s.</summary>
    public AcpiConfiguration AcpiConfiguration()
    {
        var pm = (ushort)(Vm.PortIo.StartOf(AcpiPm) ?? throw new InvalidOperationException("the ACPI PM block is not on the port bus"));
        var hpetBase = Vm.Mmio.StartOf(Hpet) ?? throw new InvalidOperationException("the HPET is not on the MMIO bus");
        var blocks = new AcpiPmBlocks(
            (ushort)(pm + AcpiPm.RegisterMap.Pm1StatusOffset),
            (ushort)(pm + AcpiPm.RegisterMap.Pm1ControlOffset),
            (ushort)(pm + AcpiPm.RegisterMap.PmTimerOffset));
        byte[] dsdt =
        [
            .. AcpiAml.SleepState(3, (byte)AcpiPm.SleepType.Suspend, (byte)AcpiPm.SleepType.Suspend),
            .. AcpiAml.SleepState(5, (byte)AcpiPm.SleepType.SoftOff, (byte)AcpiPm.SleepType.SoftOff),
        ];
        return new AcpiConfiguration(
            "HVDSL", "PC", MpConfiguration(), [0], (ushort)SciLine, blocks,
            new AcpiHpet((uint)Hpet.Capabilities, hpetBase, HpetMinimumTick),
            dsdt,
            AcpiFixedFeatures.Wbinvd | AcpiFixedFeatures.ProcessorC1 | AcpiFixedFeatures.PowerButtonNotFixed | AcpiFixedFeatures.SleepButtonNotFixed,
            AcpiBootArchitecture.LegacyDevices | AcpiBootArchitecture.I8042 | AcpiBootArchitecture.VgaNotPresent | AcpiBootArchitecture.MsiNotSupported,
            (byte)Mc146818Registers.RegisterMap.CenturyOffset);
    }

    /// <summary>The tables <see cref="WriteAcpiTables"/> writes, laid out at <see cref="AcpiTablesAddress"/>.</summary>
    public AcpiImage AcpiImage()
    {
        var image = AcpiTables.Build(AcpiConfiguration(), AcpiTablesAddress);
        if (AcpiTablesAddress + (ulong)image.Bytes.Length > RealModeFirmware.RomAddress)
            throw new InvalidOperationException($"the ACPI tables ({image.Bytes.Length} bytes at 0x{AcpiTablesAddress:X}) would reach the BIOS ROM at 0x{RealModeFirmware.RomAddress:X}");
        return image;
    }

    /// <summary>Writes <see cref="AcpiImage"/> into guest memory; returns false, writing nothing, when RAM does not reach that far.</summary>
    public bool WriteAcpiTables()
    {
        var image = AcpiImage();
        Span<byte> last = stackalloc byte[1];
        return Vm.Memory.Read(AcpiTablesAddress + (ulong)image.Bytes.Length - 1, last) && Vm.Memory.Load(AcpiTablesAddress, image.Bytes);
    }
}
