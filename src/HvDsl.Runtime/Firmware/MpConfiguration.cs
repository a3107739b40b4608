using System.Collections.Generic;

namespace HvDsl.Runtime.Firmware;

/// <summary>What an interrupt entry of an MP table delivers (Intel MultiProcessor Specification 1.4, table 4-9).</summary>
public enum MpInterruptType : byte
{
    /// <summary>A vectored interrupt, its vector in the APIC's redirection entry.</summary>
    Int = 0,
    /// <summary>A non-maskable interrupt.</summary>
    Nmi = 1,
    /// <summary>A system management interrupt.</summary>
    Smi = 2,
    /// <summary>A vectored interrupt whose vector an external 8259A supplies.</summary>
    ExtInt = 3,
}

/// <summary>A processor entry: one local APIC and the CPU behind it (MP spec 4.3.1).</summary>
/// <param name="ApicId">The local APIC's ID.</param>
/// <param name="ApicVersion">Bits 7:0 of the local APIC's version register.</param>
/// <param name="Bootstrap">Whether this is the processor the firmware boots on.</param>
/// <param name="Signature">CPUID leaf 1 EAX: stepping 3:0, model 7:4, family 11:8.</param>
/// <param name="Features">CPUID leaf 1 EDX.</param>
public readonly record struct MpProcessor(byte ApicId, byte ApicVersion, bool Bootstrap, uint Signature, uint Features);

/// <summary>A bus entry (MP spec 4.3.2): <paramref name="Type"/> is the spec's bus type string, such as <c>ISA</c> or <c>PCI</c>, at most 6 characters.</summary>
/// <param name="Id">The bus number interrupt entries name as their source.</param>
/// <param name="Type">The bus type, padded with spaces in the table.</param>
public readonly record struct MpBus(byte Id, string Type);

/// <summary>An I/O APIC entry (MP spec 4.3.3).</summary>
/// <param name="Id">The I/O APIC's ID, which interrupt entries name as their destination.</param>
/// <param name="Version">Bits 7:0 of its version register.</param>
/// <param name="Address">The guest-physical base of its register window.</param>
public readonly record struct MpIoApic(byte Id, byte Version, uint Address);

/// <summary>
/// An I/O interrupt assignment (MP spec 4.3.4: destination an I/O APIC's ID and input pin) or a local interrupt assignment (4.3.5:
/// destination a local APIC's ID, <see cref="MpTable.AllLocalApics"/> for every one, and its LINTIN pin).
/// </summary>
/// <param name="Type">What the line delivers.</param>
/// <param name="Flags">Polarity in bits 1:0 and trigger mode in bits 3:2; 0 for both: as the source bus defines them.</param>
/// <param name="SourceBus">The bus the line comes from.</param>
/// <param name="SourceIrq">The line's number on that bus.</param>
/// <param name="DestinationApic">The APIC the line goes to.</param>
/// <param name="DestinationPin">The input pin of that APIC.</param>
public readonly record struct MpInterrupt(MpInterruptType Type, ushort Flags, byte SourceBus, byte SourceIrq, byte DestinationApic, byte DestinationPin);

/// <summary>A machine as an MP configuration table describes it; <see cref="MpTable.Build"/> lays it out.</summary>
/// <param name="OemId">The table's OEM ID, at most 8 ASCII characters.</param>
/// <param name="ProductId">The table's product ID, at most 12 ASCII characters.</param>
/// <param name="LocalApicAddress">The guest-physical base every processor's local APIC answers at.</param>
/// <param name="Processors">One entry per processor.</param>
/// <param name="Buses">The buses interrupt entries name.</param>
/// <param name="IoApics">The I/O APICs.</param>
/// <param name="IoInterrupts">Which bus line reaches which I/O APIC pin.</param>
/// <param name="LocalInterrupts">Which line reaches which local APIC pin.</param>
public sealed record MpConfiguration(
    string OemId,
    string ProductId,
    uint LocalApicAddress,
    IReadOnlyList<MpProcessor> Processors,
    IReadOnlyList<MpBus> Buses,
    IReadOnlyList<MpIoApic> IoApics,
    IReadOnlyList<MpInterrupt> IoInterrupts,
    IReadOnlyList<MpInterrupt> LocalInterrupts);
