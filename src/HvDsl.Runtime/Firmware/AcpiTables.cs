using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;

namespace HvDsl.Runtime.Firmware;

/// <summary>
/// The ACPI tables a PC firmware leaves for an operating system: the RSDP, the RSDT and XSDT naming the FADT, MADT and HPET
/// tables, and the FACS and DSDT the FADT points at, laid out from one address in that order: RSDP, FACS, DSDT, FADT, MADT,
/// HPET, RSDT, XSDT.
/// </summary>
/// <remarks>
/// Layouts per the ACPI Specification 6.5: 5.2.5.3 (RSDP: the first 20 bytes and all 36 each sum to 0), 5.2.6 (the 36-byte
/// header of every other table but the FACS; its whole length sums to 0), 5.2.9 (FADT, revision 6, 276 bytes; FIRMWARE_CTRL
/// names the FACS and X_FIRMWARE_CTRL stays 0, as only one may be set), 5.2.10 (FACS, 64 bytes on a 64-byte boundary, no
/// checksum), 5.2.12 (MADT), 5.2.3.2 (generic address structure); the HPET table per the IA-PC HPET Specification 1.0a,
/// 3.2.4. An OS finds the RSDP by its signature on a 16-byte boundary in the BIOS area 0xE0000-0xFFFFF.
/// </remarks>
public static class AcpiTables
{
    /// <summary>The RSDP's signature.</summary>
    public const string RsdpSignature = "RSD PTR ";

    /// <summary>The FACS's signature.</summary>
    public const string FacsSignature = "FACS";

    /// <summary>Bytes of every description table's header.</summary>
    public const int HeaderBytes = 36;

    /// <summary>Bytes of the ACPI 2.0 RSDP; its first 20 are the ACPI 1.0 structure the first checksum covers.</summary>
    public const int RsdpBytes = 36;

    /// <summary>Bytes of the revision 6 FADT.</summary>
    public const int FadtBytes = 276;

    /// <summary>Bytes of the FACS.</summary>
    public const int FacsBytes = 64;

    /// <summary>Offset of the FACS's 32-bit firmware waking vector.</summary>
    public const int FacsWakingVector = 12;

    /// <summary>Offset of the FACS's 64-bit X_Firmware_Waking_Vector.</summary>
    public const int FacsXWakingVector = 24;

    /// <summary>Offset of the MADT's first interrupt controller structure.</summary>
    public const int MadtEntries = HeaderBytes + 8;

    /// <summary>MADT interrupt controller structure types (ACPI 6.5, table 5.21).</summary>
    public const byte MadtLocalApic = 0, MadtIoApic = 1, MadtSourceOverride = 2, MadtLocalApicNmi = 4;

    private const int RsdpV1Bytes = 20, HpetBytes = 56, GasBytes = 12;
    private const byte RsdpRevision = 2, FadtRevision = 6, FadtMinorVersion = 5, MadtRevision = 5, DsdtRevision = 2, HpetRevision = 1, FacsVersion = 2;
    private const uint MadtPcAtCompatible = 1, LocalApicEnabled = 1;
    private const byte SystemMemory = 0, SystemIo = 1;
    private const byte AllProcessors = 0xFF;
    // C2 and C3 latencies past 100 and 1000 us say the state is not supported (table 5.9).
    private const ushort NoC2 = 0x0FFF, NoC3 = 0x0FFF;
    private const byte Pm1EventLength = 4, Pm1ControlLength = 2, PmTimerLength = 4;
    private const string CreatorId = "HVDS";

    /// <summary>The tables of <paramref name="configuration"/> laid out from <paramref name="address"/> (a multiple of 16).</summary>
    /// <exception cref="ArgumentException">The address is not 16-byte aligned, the tables would pass 4 GiB, an ID is too long or not ASCII, or an I/O interrupt names an I/O APIC the configuration lacks.</exception>
    public static AcpiImage Build(AcpiConfiguration configuration, uint address)
    {
        if (address % 16 != 0) throw new ArgumentException($"the ACPI RSDP at 0x{address:X} is not on a 16-byte boundary", nameof(address));
        var c = configuration;
        if (c.IoApicGsiBases.Count != c.Platform.IoApics.Count)
            throw new ArgumentException($"the ACPI configuration has {c.IoApicGsiBases.Count} GSI bases for {c.Platform.IoApics.Count} I/O APICs", nameof(configuration));
        var tables = new List<(string Signature, byte[] Bytes)>
        {
            ("DSDT", Table("DSDT", DsdtRevision, c, c.Dsdt.Span)),
            ("FACP", []),
            ("APIC", Table("APIC", MadtRevision, c, Madt(c))),
        };
        if (c.Hpet is { } hpet) tables.Add(("HPET", Table("HPET", HpetRevision, c, HpetBody(hpet))));

        var at = new Dictionary<string, uint> { [RsdpSignature] = address };
        ulong next = Align(address + (ulong)RsdpBytes, FacsBytes);
        at[FacsSignature] = (uint)next;
        next += FacsBytes;
        // The FADT's size is fixed, so every address is known before its bytes are.
        foreach (var (signature, bytes) in tables)
        {
            at[signature] = (uint)next;
            next = Align(next + (ulong)(signature == "FACP" ? FadtBytes : bytes.Length), 16);
        }
        var listed = new List<uint> { at["FACP"], at["APIC"] };
        if (c.Hpet is not null) listed.Add(at["HPET"]);
        at["RSDT"] = (uint)next;
        next = Align(next + HeaderBytes + 4UL * (ulong)listed.Count, 16);
        at["XSDT"] = (uint)next;
        next += HeaderBytes + 8UL * (ulong)listed.Count;
        if (next > 1UL << 32) throw new ArgumentException($"the ACPI tables at 0x{address:X} would pass 4 GiB", nameof(address));

        tables[1] = ("FACP", Table("FACP", FadtRevision, c, Fadt(c, at["FACS"], at["DSDT"])));
        var image = new byte[next - address];
        Place(image, address, at[RsdpSignature], Rsdp(c.OemId, at["RSDT"], at["XSDT"]));
        Place(image, address, at[FacsSignature], Facs());
        foreach (var (signature, bytes) in tables) Place(image, address, at[signature], bytes);
        Place(image, address, at["RSDT"], Table("RSDT", 1, c, Pointers(listed, 4)));
        Place(image, address, at["XSDT"], Table("XSDT", 1, c, Pointers(listed, 8)));
        return new AcpiImage(image, address, at);
    }

    private static ulong Align(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

    private static void Place(byte[] image, uint imageAddress, uint tableAddress, byte[] table) => table.CopyTo(image.AsSpan((int)(tableAddress - imageAddress)));

    private static byte[] Rsdp(string oemId, uint rsdt, uint xsdt)
    {
        var r = new byte[RsdpBytes];
        FirmwareBytes.Ascii("ACPI RSDP", RsdpSignature, 8, "signature").CopyTo(r, 0);
        FirmwareBytes.Ascii("ACPI RSDP", oemId, 6, "OEM ID").CopyTo(r, 9);
        r[15] = RsdpRevision;
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(16), rsdt);
        BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(20), RsdpBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(24), xsdt);
        r[8] = FirmwareBytes.Checksum(r.AsSpan(0, RsdpV1Bytes));
        r[32] = FirmwareBytes.Checksum(r);
        return r;
    }

    // The waking vectors, global lock and flags start at 0: the OS sets the vector before it sleeps.
    private static byte[] Facs()
    {
        var f = new byte[FacsBytes];
        FirmwareBytes.Ascii("ACPI FACS", FacsSignature, 4, "signature").CopyTo(f, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), FacsBytes);
        f[32] = FacsVersion;
        return f;
    }

    /// <summary>A description table: the 36-byte header then <paramref name="body"/>, its checksum over the whole.</summary>
    private static byte[] Table(string signature, byte revision, AcpiConfiguration c, ReadOnlySpan<byte> body)
    {
        var t = new byte[HeaderBytes + body.Length];
        var table = $"ACPI {signature} table";
        FirmwareBytes.Ascii(table, signature, 4, "signature").CopyTo(t, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(4), (uint)t.Length);
        t[8] = revision;
        FirmwareBytes.Ascii(table, c.OemId, 6, "OEM ID").CopyTo(t, 10);
        FirmwareBytes.Ascii(table, c.OemTableId, 8, "OEM table ID").CopyTo(t, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(24), 1);
        FirmwareBytes.Ascii(table, CreatorId, 4, "creator ID").CopyTo(t, 28);
        BinaryPrimitives.WriteUInt32LittleEndian(t.AsSpan(32), 1);
        body.CopyTo(t.AsSpan(HeaderBytes));
        t[9] = FirmwareBytes.Checksum(t);
        return t;
    }

    private static byte[] Pointers(List<uint> tables, int width)
    {
        var p = new byte[tables.Count * width];
        for (var i = 0; i < tables.Count; i++)
        {
            if (width == 4) BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(i * 4), tables[i]);
            else BinaryPrimitives.WriteUInt64LittleEndian(p.AsSpan(i * 8), tables[i]);
        }
        return p;
    }

    /// <summary>The FADT's body (the bytes after its header), at the offsets of ACPI 6.5 table 5.9 less 36.</summary>
    private static byte[] Fadt(AcpiConfiguration c, uint facs, uint dsdt)
    {
        var f = new byte[FadtBytes - HeaderBytes];
        var b = c.PmBlocks;
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(36 - HeaderBytes), facs);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(40 - HeaderBytes), dsdt);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(46 - HeaderBytes), c.SciInterrupt);
        // SMI_CMD 0: no SMM and no legacy mode, so the hardware is always in ACPI mode (SCI_EN set).
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(56 - HeaderBytes), b.Pm1aEvent);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(64 - HeaderBytes), b.Pm1aControl);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(76 - HeaderBytes), b.PmTimer);
        f[88 - HeaderBytes] = Pm1EventLength;
        f[89 - HeaderBytes] = Pm1ControlLength;
        f[91 - HeaderBytes] = PmTimerLength;
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(96 - HeaderBytes), NoC2);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(98 - HeaderBytes), NoC3);
        f[108 - HeaderBytes] = c.CenturyIndex;
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(109 - HeaderBytes), (ushort)c.BootArchitecture);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(112 - HeaderBytes), (uint)c.Features);
        f[131 - HeaderBytes] = FadtMinorVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(f.AsSpan(140 - HeaderBytes), dsdt);
        Gas(f.AsSpan(148 - HeaderBytes), SystemIo, Pm1EventLength * 8, b.Pm1aEvent);
        Gas(f.AsSpan(172 - HeaderBytes), SystemIo, Pm1ControlLength * 8, b.Pm1aControl);
        Gas(f.AsSpan(208 - HeaderBytes), SystemIo, PmTimerLength * 8, b.PmTimer);
        return f;
    }

    // Access size 0: the register's own width decides, as for the legacy block fields.
    private static void Gas(Span<byte> at, byte space, int bits, ulong address)
    {
        at[0] = space;
        at[1] = (byte)bits;
        BinaryPrimitives.WriteUInt64LittleEndian(at[4..GasBytes], address);
    }

    /// <summary>
    /// The MADT's body: the local APIC address and PC-AT flag (set when an 8259 reaches a local APIC as ExtINT), a local APIC
    /// per processor (its UID its place in the list), each I/O APIC, an override for each ISA line whose GSI is not its IRQ or
    /// whose polarity or trigger is not ISA's, and each local NMI line.
    /// </summary>
    private static byte[] Madt(AcpiConfiguration c)
    {
        var p = c.Platform;
        var body = new List<byte>();
        var pcAt = p.LocalInterrupts.Any(l => l.Type == MpInterruptType.ExtInt);
        Append(body, U32(p.LocalApicAddress));
        Append(body, U32(pcAt ? MadtPcAtCompatible : 0));
        for (var uid = 0; uid < p.Processors.Count; uid++)
            Append(body, [MadtLocalApic, 8, (byte)uid, p.Processors[uid].ApicId, .. U32(LocalApicEnabled)]);
        for (var i = 0; i < p.IoApics.Count; i++)
            Append(body, [MadtIoApic, 12, p.IoApics[i].Id, 0, .. U32(p.IoApics[i].Address), .. U32(c.IoApicGsiBases[i])]);
        var isa = new HashSet<byte>();
        foreach (var bus in p.Buses) if (bus.Type == "ISA") isa.Add(bus.Id);
        foreach (var line in p.IoInterrupts)
        {
            if (line.Type != MpInterruptType.Int || !isa.Contains(line.SourceBus)) continue;
            var gsi = GsiOf(c, line);
            if (gsi != line.SourceIrq || line.Flags != 0)
                Append(body, [MadtSourceOverride, 10, 0, line.SourceIrq, .. U32(gsi), (byte)line.Flags, (byte)(line.Flags >> 8)]);
        }
        foreach (var line in p.LocalInterrupts)
        {
            if (line.Type != MpInterruptType.Nmi) continue;
            var uid = line.DestinationApic == MpTable.AllLocalApics ? AllProcessors : UidOf(p, line.DestinationApic);
            Append(body, [MadtLocalApicNmi, 6, uid, (byte)line.Flags, (byte)(line.Flags >> 8), line.DestinationPin]);
        }
        return [.. body];
    }

    private static uint GsiOf(AcpiConfiguration c, MpInterrupt line)
    {
        var ioApics = c.Platform.IoApics;
        for (var i = 0; i < ioApics.Count; i++)
            if (ioApics[i].Id == line.DestinationApic) return c.IoApicGsiBases[i] + line.DestinationPin;
        throw new ArgumentException($"ISA IRQ {line.SourceIrq} goes to I/O APIC {line.DestinationApic}, which the configuration does not list");
    }

    private static byte UidOf(MpConfiguration p, byte apicId)
    {
        for (var uid = 0; uid < p.Processors.Count; uid++)
            if (p.Processors[uid].ApicId == apicId) return (byte)uid;
        throw new ArgumentException($"a local NMI line goes to local APIC {apicId}, which no processor of the configuration has");
    }

    private static byte[] HpetBody(AcpiHpet hpet)
    {
        var h = new byte[HpetBytes - HeaderBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(h, hpet.EventTimerBlockId);
        Gas(h.AsSpan(4), SystemMemory, 64, hpet.Address);
        // HPET number 0 (the first), then the minimum tick; page protection 0: none promised.
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(17), hpet.MinimumTick);
        return h;
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static void Append(List<byte> body, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) body.Add(b);
    }
}
