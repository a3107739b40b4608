using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Firmware;

/// <summary>FADT fixed feature flags (ACPI 6.5, table 5.10).</summary>
[Flags]
public enum AcpiFixedFeatures : uint
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>WBINVD flushes and invalidates the caches; must be set on ACPI 1.0 and later.</summary>
    Wbinvd = 1 << 0,
    /// <summary>C1 (HLT) works on every processor.</summary>
    ProcessorC1 = 1 << 2,
    /// <summary>The power button is not a fixed feature (a control-method device or none).</summary>
    PowerButtonNotFixed = 1 << 4,
    /// <summary>The sleep button is not a fixed feature (a control-method device or none).</summary>
    SleepButtonNotFixed = 1 << 5,
    /// <summary>The RTC alarm can wake the system from S4.</summary>
    RtcWakesFromS4 = 1 << 7,
    /// <summary>The PM timer is 32 bits wide; clear: 24 bits.</summary>
    TimerValueExtended = 1 << 8,
}

/// <summary>IA-PC boot architecture flags of the FADT (ACPI 6.5, table 5.11).</summary>
[Flags]
public enum AcpiBootArchitecture : ushort
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>Legacy ISA devices the OS cannot enumerate (serial ports, the PIT ...) are present.</summary>
    LegacyDevices = 1 << 0,
    /// <summary>An 8042 keyboard controller is present.</summary>
    I8042 = 1 << 1,
    /// <summary>No VGA: the OS must not probe its ports or memory.</summary>
    VgaNotPresent = 1 << 2,
    /// <summary>The OS must not enable message-signalled interrupts.</summary>
    MsiNotSupported = 1 << 3,
}

/// <summary>
/// The fixed-hardware register blocks an FADT names, all in I/O space: PM1a event (status then enable, 2 bytes each), PM1a
/// control (2 bytes) and the PM timer (4 bytes).
/// </summary>
/// <param name="Pm1aEvent">The port of PM1a_STS; PM1a_EN follows at +2.</param>
/// <param name="Pm1aControl">The port of PM1a_CNT.</param>
/// <param name="PmTimer">The port of PM_TMR.</param>
public readonly record struct AcpiPmBlocks(ushort Pm1aEvent, ushort Pm1aControl, ushort PmTimer);

/// <summary>An HPET as the ACPI HPET table describes it (IA-PC HPET Specification 1.0a, 3.2.4).</summary>
/// <param name="EventTimerBlockId">Bits 31:0 of the HPET's general capabilities and ID register.</param>
/// <param name="Address">The guest-physical base of its register window.</param>
/// <param name="MinimumTick">The smallest periodic comparator, in main counter ticks, that loses no interrupt.</param>
public readonly record struct AcpiHpet(uint EventTimerBlockId, ulong Address, ushort MinimumTick);

/// <summary>
/// A machine as its ACPI tables describe it; <see cref="AcpiTables.Build"/> lays them out. The MADT comes from
/// <paramref name="Platform"/>, the MP configuration the machine also writes, so both tables agree.
/// </summary>
/// <param name="OemId">The tables' OEM ID, at most 6 ASCII characters.</param>
/// <param name="OemTableId">The tables' OEM table ID, at most 8 ASCII characters.</param>
/// <param name="Platform">Processors, I/O APICs and the ISA wiring: the MADT's processor, I/O APIC, override and NMI entries.</param>
/// <param name="IoApicGsiBases">One per I/O APIC of <paramref name="Platform"/>: the global system interrupt its pin 0 takes.</param>
/// <param name="SciInterrupt">The SCI's ISA interrupt line.</param>
/// <param name="PmBlocks">The PM1 and PM timer register blocks.</param>
/// <param name="Hpet">The HPET, or null for no HPET table.</param>
/// <param name="Dsdt">The DSDT's AML: the definition block that follows its header.</param>
/// <param name="Features">The FADT's fixed feature flags.</param>
/// <param name="BootArchitecture">The FADT's IA-PC boot architecture flags.</param>
/// <param name="CenturyIndex">The CMOS index of the RTC's century byte, 0 for none.</param>
public sealed record AcpiConfiguration(
    string OemId,
    string OemTableId,
    MpConfiguration Platform,
    IReadOnlyList<uint> IoApicGsiBases,
    ushort SciInterrupt,
    AcpiPmBlocks PmBlocks,
    AcpiHpet? Hpet,
    ReadOnlyMemory<byte> Dsdt,
    AcpiFixedFeatures Features,
    AcpiBootArchitecture BootArchitecture,
    byte CenturyIndex);

/// <summary>The laid-out tables and where each one starts in guest-physical memory.</summary>
/// <param name="Bytes">The tables, to load at <paramref name="Address"/>.</param>
/// <param name="Address">Where the image starts; the RSDP is its first structure.</param>
/// <param name="Tables">Each table's guest-physical address by signature (<c>RSD PTR </c>, <c>FACS</c>, <c>DSDT</c>, <c>FACP</c>, <c>APIC</c>, <c>HPET</c>, <c>RSDT</c>, <c>XSDT</c>).</param>
public sealed record AcpiImage(byte[] Bytes, uint Address, IReadOnlyDictionary<string, uint> Tables)
{
    /// <summary>The FACS, whose firmware waking vector the OS sets before it sleeps.</summary>
    public uint FacsAddress => Tables[AcpiTables.FacsSignature];
}
