using System;
using System.Buffers.Binary;

namespace HvDsl.Runtime.Firmware;

/// <summary>
/// The Intel MultiProcessor Specification 1.4 tables a PC firmware leaves for an operating system: the 16-byte MP floating
/// pointer structure and, right after it, the MP configuration table it points at, with its entries in the order the
/// specification requires (processors, buses, I/O APICs, I/O interrupt assignments, local interrupt assignments).
/// </summary>
/// <remarks>
/// Layout and checksums per MP spec 1.4, 4.1 "MP Floating Pointer Structure" and 4.2 "MP Configuration Table Header":
/// every byte of each structure sums to 0 modulo 256. An operating system finds the floating pointer by its signature on a
/// 16-byte boundary in the first KiB of the EBDA, the last KiB of base memory, or the BIOS ROM at 0xF0000-0xFFFFF.
/// </remarks>
public static class MpTable
{
    /// <summary>The destination ID of a local interrupt entry that reaches every local APIC.</summary>
    public const byte AllLocalApics = 0xFF;

    /// <summary>Bytes of the floating pointer structure, after which the configuration table starts.</summary>
    public const int FloatingPointerBytes = 16;

    /// <summary>Bytes of the configuration table's header.</summary>
    public const int HeaderBytes = 44;

    /// <summary>The specification revision both structures carry: 1.4.</summary>
    public const byte SpecRevision = 4;

    private const int ProcessorBytes = 20, OtherEntryBytes = 8;
    private const byte ProcessorEntry = 0, BusEntry = 1, IoApicEntry = 2, IoInterruptEntry = 3, LocalInterruptEntry = 4;
    private const byte CpuEnabled = 1, CpuBootstrap = 2, IoApicEnabled = 1;

    /// <summary>
    /// The floating pointer for <paramref name="address"/> (a multiple of 16) followed by the configuration table of
    /// <paramref name="configuration"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not 16-byte aligned or the tables would pass 4 GiB, an ID string is too long or not ASCII, or the table passes 64 KiB.</exception>
    public static byte[] Build(MpConfiguration configuration, uint address)
    {
        if (address % 16 != 0) throw new ArgumentException($"the MP floating pointer at 0x{address:X} is not on a 16-byte boundary", nameof(address));
        var c = configuration;
        var tableLength = HeaderBytes + ProcessorBytes * c.Processors.Count
            + OtherEntryBytes * (c.Buses.Count + c.IoApics.Count + c.IoInterrupts.Count + c.LocalInterrupts.Count);
        if (tableLength > ushort.MaxValue) throw new ArgumentException($"the MP configuration table would be {tableLength} bytes; its length field holds at most {ushort.MaxValue}", nameof(configuration));
        if ((ulong)address + FloatingPointerBytes + (ulong)tableLength > 1UL << 32) throw new ArgumentException($"the MP tables at 0x{address:X} would pass 4 GiB", nameof(address));

        var bytes = new byte[FloatingPointerBytes + tableLength];
        var pointer = bytes.AsSpan(0, FloatingPointerBytes);
        Ascii("_MP_", 4, "signature").CopyTo(pointer);
        BinaryPrimitives.WriteUInt32LittleEndian(pointer[4..], address + FloatingPointerBytes);
        pointer[8] = 1; // length in 16-byte units
        pointer[9] = SpecRevision;
        // Feature byte 1 is 0: the configuration table is present, no default configuration; byte 2 bit 7 clear: no IMCR, virtual wire.
        pointer[10] = Checksum(pointer);

        var table = bytes.AsSpan(FloatingPointerBytes);
        Ascii("PCMP", 4, "signature").CopyTo(table);
        BinaryPrimitives.WriteUInt16LittleEndian(table[4..], (ushort)tableLength);
        table[6] = SpecRevision;
        Ascii(c.OemId, 8, "OEM ID").CopyTo(table[8..]);
        Ascii(c.ProductId, 12, "product ID").CopyTo(table[16..]);
        var entries = c.Processors.Count + c.Buses.Count + c.IoApics.Count + c.IoInterrupts.Count + c.LocalInterrupts.Count;
        BinaryPrimitives.WriteUInt16LittleEndian(table[34..], (ushort)entries);
        BinaryPrimitives.WriteUInt32LittleEndian(table[36..], c.LocalApicAddress);

        var at = HeaderBytes;
        foreach (var cpu in c.Processors)
        {
            var entry = table.Slice(at, ProcessorBytes);
            entry[0] = ProcessorEntry;
            entry[1] = cpu.ApicId;
            entry[2] = cpu.ApicVersion;
            entry[3] = (byte)(CpuEnabled | (cpu.Bootstrap ? CpuBootstrap : 0));
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], cpu.Signature);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], cpu.Features);
            at += ProcessorBytes;
        }
        foreach (var bus in c.Buses)
        {
            var entry = table.Slice(at, OtherEntryBytes);
            entry[0] = BusEntry;
            entry[1] = bus.Id;
            Ascii(bus.Type, 6, "bus type").CopyTo(entry[2..]);
            at += OtherEntryBytes;
        }
        foreach (var ioApic in c.IoApics)
        {
            var entry = table.Slice(at, OtherEntryBytes);
            entry[0] = IoApicEntry;
            entry[1] = ioApic.Id;
            entry[2] = ioApic.Version;
            entry[3] = IoApicEnabled;
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], ioApic.Address);
            at += OtherEntryBytes;
        }
        foreach (var line in c.IoInterrupts) at = WriteInterrupt(table, at, IoInterruptEntry, line);
        foreach (var line in c.LocalInterrupts) at = WriteInterrupt(table, at, LocalInterruptEntry, line);
        table[7] = Checksum(table);
        return bytes;
    }

    private static int WriteInterrupt(Span<byte> table, int at, byte kind, MpInterrupt line)
    {
        var entry = table.Slice(at, OtherEntryBytes);
        entry[0] = kind;
        entry[1] = (byte)line.Type;
        BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], line.Flags);
        entry[4] = line.SourceBus;
        entry[5] = line.SourceIrq;
        entry[6] = line.DestinationApic;
        entry[7] = line.DestinationPin;
        return at + OtherEntryBytes;
    }

    private static byte Checksum(ReadOnlySpan<byte> structure) => FirmwareBytes.Checksum(structure);

    private static byte[] Ascii(string text, int width, string field) => FirmwareBytes.Ascii("MP table", text, width, field);
}
