using System;
using System.Collections.Generic;

using static HvDsl.Runtime.Boot.FileFields;

namespace HvDsl.Runtime.Boot;

/// <summary>One program header of an ELF file.</summary>
/// <param name="Index">Its number in the program header table.</param>
/// <param name="HeaderOffset">The file offset of the program header itself, where errors about it point.</param>
/// <param name="Type">p_type (1 PT_LOAD, 4 PT_NOTE ...).</param>
/// <param name="Offset">p_offset: where its bytes start in the file.</param>
/// <param name="VirtualAddress">p_vaddr.</param>
/// <param name="PhysicalAddress">p_paddr: where a loader puts it.</param>
/// <param name="FileSize">p_filesz.</param>
/// <param name="MemorySize">p_memsz; the bytes past p_filesz are zero (bss).</param>
internal readonly record struct ElfSegment(
    int Index, ulong HeaderOffset, uint Type, ulong Offset, ulong VirtualAddress, ulong PhysicalAddress, ulong FileSize, ulong MemorySize);

/// <summary>
/// An ELF32 or ELF64 x86 executable, checked as it is read: every header field a loader uses is validated against the
/// file, and a bad one is refused with its offset.
/// </summary>
internal sealed class ElfImage
{
    public const uint LoadSegment = 1;
    public const uint NoteSegment = 4;

    /// <summary>XEN_ELFNOTE_PHYS32_ENTRY: the 32-bit physical entry of a PVH kernel.</summary>
    public const uint XenPhys32EntryNote = 18;

    private const ushort Executable = 2, MachineX86 = 3, MachineX86_64 = 62;
    private const int EntryField = 0x18;

    private ElfImage(BootFile file, bool is64, ulong entry, IReadOnlyList<ElfSegment> segments)
    {
        File = file;
        Is64 = is64;
        Entry = entry;
        Segments = segments;
    }

    public BootFile File { get; }

    /// <summary>ELFCLASS64.</summary>
    public bool Is64 { get; }

    /// <summary>e_entry as the file gives it (a virtual address).</summary>
    public ulong Entry { get; }

    public IReadOnlyList<ElfSegment> Segments { get; }

    /// <summary>Whether <paramref name="bytes"/> start with the ELF magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[0] == 0x7F && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    /// <summary>Reads and checks the ELF header and program header table of <paramref name="file"/>.</summary>
    /// <exception cref="KernelImageException">A field is malformed or points outside the file.</exception>
    public static ElfImage Read(BootFile file)
    {
        var b = file.Bytes;
        if (!HasMagic(b)) throw KernelImageException.At(file, 0, "not an ELF file: it does not start with 0x7F 'ELF'");
        if (b.Length < 16) throw KernelImageException.At(file, (ulong)b.Length, "the ELF identification (16 bytes) is cut short by the end of the file");
        if (b[4] is not (1 or 2)) throw KernelImageException.At(file, 4, $"ELF class {b[4]} is neither 1 (32-bit) nor 2 (64-bit)");
        var is64 = b[4] == 2;
        if (b[5] != 1) throw KernelImageException.At(file, 5, $"ELF data encoding {b[5]} is not 1 (little-endian)");
        if (b[6] != 1) throw KernelImageException.At(file, 6, $"ELF version {b[6]} is not 1");
        var headerSize = is64 ? 64 : 52;
        if (b.Length < headerSize) throw KernelImageException.At(file, (ulong)b.Length, $"the ELF header ({headerSize} bytes) is cut short by the end of the file");
        var type = U16(b, 0x10);
        if (type != Executable) throw KernelImageException.At(file, 0x10, $"ELF type {type} is not 2 (executable): only executables load at fixed addresses");
        var machine = U16(b, 0x12);
        if (machine is not (MachineX86 or MachineX86_64)) throw KernelImageException.At(file, 0x12, $"ELF machine {machine} is neither 3 (x86) nor 62 (x86-64)");
        var entry = is64 ? U64(b, EntryField) : U32(b, EntryField);
        var tableField = is64 ? 0x20 : 0x1C;
        var table = is64 ? U64(b, tableField) : U32(b, tableField);
        var entrySizeField = is64 ? 0x36 : 0x2A;
        var entrySize = U16(b, entrySizeField);
        var count = U16(b, entrySizeField + 2);
        var minimum = is64 ? 56 : 32;
        if (count == 0) throw KernelImageException.At(file, (ulong)entrySizeField + 2, "the ELF file has no program headers, so nothing to load");
        if (entrySize < minimum) throw KernelImageException.At(file, (ulong)entrySizeField, $"program header size {entrySize} is below the {minimum} bytes of an ELF{(is64 ? 64 : 32)} program header");
        if (!Within(table, (ulong)count * entrySize, (ulong)b.Length))
            throw KernelImageException.At(file, (ulong)tableField, $"the program header table ({count} entries of {entrySize} bytes at 0x{table:X}) runs past the end of the file ({b.Length} bytes)");

        var segments = new List<ElfSegment>(count);
        for (var i = 0; i < count; i++)
        {
            var at = table + (ulong)i * entrySize;
            var segment = is64 ? Segment64(b, i, at) : Segment32(b, i, at);
            Check(file, segment);
            segments.Add(segment);
        }
        if (!segments.Exists(s => s.Type == LoadSegment && s.MemorySize > 0))
            throw KernelImageException.At(file, (ulong)tableField, "no PT_LOAD segment has bytes to load");
        return new ElfImage(file, is64, entry, segments);
    }

    /// <summary>The PT_LOAD segments with bytes in memory.</summary>
    public IEnumerable<ElfSegment> Loadable()
    {
        foreach (var segment in Segments)
        {
            if (segment.Type == LoadSegment && segment.MemorySize > 0) yield return segment;
        }
    }

    /// <summary>The entry point as a physical address: translated through the segment whose virtual range holds it.</summary>
    public ulong PhysicalEntry()
    {
        foreach (var segment in Loadable())
        {
            if (Entry - segment.VirtualAddress < segment.MemorySize) return segment.PhysicalAddress + (Entry - segment.VirtualAddress);
        }
        if (HoldsPhysical(Entry)) return Entry;
        throw KernelImageException.At(File, EntryField, $"entry point 0x{Entry:X} lies in no loadable segment");
    }

    /// <summary>Whether a loadable segment's physical range holds <paramref name="address"/>.</summary>
    public bool HoldsPhysical(ulong address)
    {
        foreach (var segment in Loadable())
        {
            if (address - segment.PhysicalAddress < segment.MemorySize) return true;
        }
        return false;
    }

    /// <summary>Plans every loadable segment at its physical address, bss zeroed; returns the end of the highest.</summary>
    public ulong Place(BootLayout layout)
    {
        ulong end = 0;
        foreach (var segment in Loadable())
        {
            var at = segment.PhysicalAddress;
            if (layout.Claim(at, segment.MemorySize, $"{File.Name} segment {segment.Index}") is { } problem)
                throw KernelImageException.At(File, segment.HeaderOffset, $"segment {segment.Index} (0x{segment.MemorySize:X} bytes at physical 0x{at:X}) {problem}");
            layout.Write(at, File.Bytes, (int)segment.Offset, (int)segment.FileSize);
            layout.Zero(at + segment.FileSize, segment.MemorySize - segment.FileSize);
            end = Math.Max(end, at + segment.MemorySize);
        }
        return end;
    }

    /// <summary>The PVH entry from a Xen PHYS32_ENTRY note in a PT_NOTE segment, or null when there is none.</summary>
    public ulong? XenEntry()
    {
        foreach (var segment in Segments)
        {
            if (segment.Type != NoteSegment) continue;
            var end = segment.Offset + segment.FileSize;
            // Each note takes at least its 12-byte header, so the segment's size bounds the loop.
            for (var at = segment.Offset; at < end;)
            {
                if (end - at < 12) throw KernelImageException.At(File, at, $"note header (12 bytes) runs past the end of segment {segment.Index}");
                var nameSize = U32(File.Bytes, (int)at);
                var descriptorSize = U32(File.Bytes, (int)at + 4);
                var type = U32(File.Bytes, (int)at + 8);
                var name = at + 12;
                var descriptor = name + Align4(nameSize);
                if (!Within(name, Align4(nameSize), end) || !Within(descriptor, descriptorSize, end))
                    throw KernelImageException.At(File, at, $"note of name size {nameSize} and descriptor size {descriptorSize} runs past the end of segment {segment.Index}");
                if (type == XenPhys32EntryNote && nameSize == 4 && File.Bytes.AsSpan((int)name, 4).SequenceEqual("Xen\0"u8))
                    return XenEntryValue(descriptor, descriptorSize);
                at = descriptor + Align4(descriptorSize);
            }
        }
        return null;
    }

    private ulong XenEntryValue(ulong at, ulong size)
    {
        if (size is not (4 or 8)) throw KernelImageException.At(File, at, $"the Xen PHYS32_ENTRY note has a {size}-byte value; it must be 4 or 8");
        var value = size == 4 ? U32(File.Bytes, (int)at) : U64(File.Bytes, (int)at);
        if (value > uint.MaxValue) throw KernelImageException.At(File, at, $"the Xen PHYS32_ENTRY 0x{value:X} is beyond 4 GiB, which 32-bit code cannot reach");
        return value;
    }

    private static void Check(BootFile file, ElfSegment s)
    {
        if (s.Type is not (LoadSegment or NoteSegment)) return;
        if (!Within(s.Offset, s.FileSize, (ulong)file.Bytes.Length))
            throw KernelImageException.At(file, s.HeaderOffset, $"segment {s.Index}'s 0x{s.FileSize:X} file bytes at offset 0x{s.Offset:X} run past the end of the file ({file.Bytes.Length} bytes)");
        if (s.Type != LoadSegment) return;
        if (s.FileSize > s.MemorySize)
            throw KernelImageException.At(file, s.HeaderOffset, $"segment {s.Index}'s file size 0x{s.FileSize:X} exceeds its memory size 0x{s.MemorySize:X}");
        if (s.PhysicalAddress + s.MemorySize < s.PhysicalAddress)
            throw KernelImageException.At(file, s.HeaderOffset, $"segment {s.Index} (0x{s.MemorySize:X} bytes at physical 0x{s.PhysicalAddress:X}) wraps around the address space");
    }

    private static ElfSegment Segment32(byte[] b, int index, ulong at)
    {
        var p = (int)at;
        return new ElfSegment(index, at, U32(b, p), U32(b, p + 4), U32(b, p + 8), U32(b, p + 12), U32(b, p + 16), U32(b, p + 20));
    }

    private static ElfSegment Segment64(byte[] b, int index, ulong at)
    {
        var p = (int)at;
        return new ElfSegment(index, at, U32(b, p), U64(b, p + 8), U64(b, p + 16), U64(b, p + 24), U64(b, p + 32), U64(b, p + 40));
    }

    /// <summary>Whether [start, start + size) lies within [0, limit), without overflow.</summary>
    private static bool Within(ulong start, ulong size, ulong limit) => start <= limit && size <= limit - start;

    private static ulong Align4(ulong value) => (value + 3) & ~3UL;

}
