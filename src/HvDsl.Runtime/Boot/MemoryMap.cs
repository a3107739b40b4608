using System;
using System.Collections.Generic;
using HvDsl.Runtime.Memory;

namespace HvDsl.Runtime.Boot;

/// <summary>What a memory-map entry holds, numbered as e820 (and multiboot and <c>hvm_start_info</c>) number them.</summary>
public enum MemoryMapType : uint
{
    /// <summary>RAM the kernel may use.</summary>
    Usable = 1,
    /// <summary>Not for the kernel: ROM, MMIO, the PC's ISA hole.</summary>
    Reserved = 2,
}

/// <summary>One range of a memory map.</summary>
/// <param name="Start">First guest-physical address.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Type">Usable or reserved.</param>
public readonly record struct MemoryMapEntry(ulong Start, ulong Size, MemoryMapType Type)
{
    /// <summary>The first address after the range.</summary>
    public ulong End => Start + Size;
}

/// <summary>The e820-style memory map a firmware would report for a machine's RAM and holes.</summary>
public static class MemoryMap
{
    /// <summary>Start of the PC's ISA hole (VGA memory and BIOS ROM), reserved whatever lies behind it.</summary>
    public const ulong IsaHoleStart = 0xA0000;

    /// <summary>End of the ISA hole: 1 MiB, where "upper memory" starts.</summary>
    public const ulong IsaHoleEnd = 0x100000;

    /// <summary>
    /// The map of <paramref name="memory"/>, sorted and without overlaps: RAM usable except the ISA hole, which is
    /// reserved; ROM and MMIO holes reserved; adjacent ranges of one type merged.
    /// </summary>
    public static IReadOnlyList<MemoryMapEntry> Of(PhysicalMemory memory)
    {
        var bounds = new SortedSet<ulong> { IsaHoleStart, IsaHoleEnd };
        foreach (var region in memory.Regions)
        {
            bounds.Add(region.Start);
            bounds.Add(region.Start + region.Size);
        }
        var entries = new List<MemoryMapEntry>();
        ulong? previous = null;
        foreach (var bound in bounds)
        {
            if (previous is { } start && TypeAt(memory, start) is { } type)
                Append(entries, new MemoryMapEntry(start, bound - start, type));
            previous = bound;
        }
        return entries;
    }

    /// <summary>KiB of usable RAM from address 0 up to the ISA hole (multiboot's <c>mem_lower</c>).</summary>
    public static uint LowerKibibytes(IReadOnlyList<MemoryMapEntry> map) => (uint)(UsableEndFrom(map, 0) >> 10);

    /// <summary>KiB of usable RAM from 1 MiB to the first hole (multiboot's <c>mem_upper</c>, Linux's <c>alt_mem_k</c>).</summary>
    public static uint UpperKibibytes(IReadOnlyList<MemoryMapEntry> map) =>
        (uint)Math.Min(uint.MaxValue, (UsableEndFrom(map, IsaHoleEnd) - IsaHoleEnd) >> 10);

    /// <summary>The end of the run of usable ranges that starts at <paramref name="start"/>, or <paramref name="start"/> if none does.</summary>
    private static ulong UsableEndFrom(IReadOnlyList<MemoryMapEntry> map, ulong start)
    {
        var end = start;
        foreach (var entry in map)
        {
            if (entry.Type == MemoryMapType.Usable && entry.Start <= end && end < entry.End)
                end = entry.End;
        }
        return end;
    }

    /// <summary>What covers the range starting at <paramref name="address"/>: a hole or non-RAM region wins over RAM.</summary>
    private static MemoryMapType? TypeAt(PhysicalMemory memory, ulong address)
    {
        if (address is >= IsaHoleStart and < IsaHoleEnd) return MemoryMapType.Reserved;
        MemoryMapType? type = null;
        foreach (var region in memory.Regions)
        {
            if (address - region.Start >= region.Size) continue;
            if (region.Kind != MemoryRegionKind.Ram) return MemoryMapType.Reserved;
            type = MemoryMapType.Usable;
        }
        return type;
    }

    private static void Append(List<MemoryMapEntry> entries, MemoryMapEntry entry)
    {
        if (entries.Count > 0 && entries[^1] is var last && last.Type == entry.Type && last.End == entry.Start)
            entries[^1] = last with { Size = last.Size + entry.Size };
        else
            entries.Add(entry);
    }
}
