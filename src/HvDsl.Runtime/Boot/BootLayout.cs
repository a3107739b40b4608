using System;
using System.Collections.Generic;
using HvDsl.Runtime.Memory;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// A loader's plan of guest memory: the ranges the kernel, modules and boot structures take, and the bytes to put there.
/// Nothing reaches the VM until <see cref="Apply"/>, so a loader that refuses an image leaves the machine unchanged.
/// </summary>
internal sealed class BootLayout
{
    /// <summary>The lowest address for boot structures: above the real-mode vector table and BIOS data area.</summary>
    public const ulong LowFloor = 0x1000;

    /// <summary>The highest address a 32-bit boot protocol can point at, plus one.</summary>
    public const ulong FourGibibytes = 1UL << 32;

    private static readonly byte[] ZeroChunk = new byte[64 * 1024];

    private readonly PhysicalMemory _memory;
    private readonly List<Range> _claims = [];
    private readonly List<(ulong Address, byte[] Bytes, int Offset, int Length)> _writes = [];
    private readonly List<(ulong Address, ulong Size)> _zeros = [];

    public BootLayout(PhysicalMemory memory)
    {
        _memory = memory;
        Map = MemoryMap.Of(memory);
    }

    /// <summary>The machine's memory map.</summary>
    public IReadOnlyList<MemoryMapEntry> Map { get; }

    /// <summary>Takes <paramref name="size"/> bytes at <paramref name="start"/> for <paramref name="name"/>; returns why not, or null.</summary>
    public string? Claim(ulong start, ulong size, string name)
    {
        if (size == 0) return null;
        if (start >= PhysicalMemory.MaxAddress || size > PhysicalMemory.MaxAddress - start)
            return $"ends beyond the 0x{PhysicalMemory.MaxAddress:X} bytes of address space the runtime maps";
        if (!IsRam(start, start + size)) return $"lies outside RAM, which ends at 0x{RamEnd():X}; raise --memory";
        if (Overlap(start, size) is { } other) return $"overlaps {other.Name} at 0x{other.Start:X}-0x{other.End - 1:X}";
        _claims.Add(new Range(start, start + size, name));
        return null;
    }

    /// <summary>The lowest <paramref name="align"/>-aligned usable range of <paramref name="size"/> bytes within [floor, ceiling), claimed for <paramref name="name"/>; null if none is free.</summary>
    public ulong? Allocate(ulong size, ulong align, ulong floor, ulong ceiling, string name)
    {
        foreach (var entry in Map)
        {
            if (entry.Type != MemoryMapType.Usable) continue;
            var end = Math.Min(entry.End, ceiling);
            var at = AlignUp(Math.Max(entry.Start, floor), align);
            // Each pass fits or moves past one claim for good, so there are at most as many passes as claims.
            for (var pass = 0; pass <= _claims.Count && at < end && size <= end - at; pass++)
            {
                if (Overlap(at, size) is not { } other) return Take(at, size, name);
                at = AlignUp(other.End, align);
            }
        }
        return null;
    }

    /// <summary>The highest <paramref name="align"/>-aligned usable range of <paramref name="size"/> bytes below <paramref name="ceiling"/>, claimed; null if none is free.</summary>
    public ulong? AllocateHigh(ulong size, ulong align, ulong ceiling, string name)
    {
        for (var i = Map.Count - 1; i >= 0; i--)
        {
            var entry = Map[i];
            var top = Math.Min(entry.End, ceiling);
            if (entry.Type != MemoryMapType.Usable || top < entry.Start || size > top - entry.Start) continue;
            var at = (top - size) & ~(align - 1);
            for (var pass = 0; pass <= _claims.Count && at >= entry.Start; pass++)
            {
                if (Overlap(at, size) is not { } other) return Take(at, size, name);
                if (other.Start < entry.Start || other.Start - entry.Start < size) break;
                at = (other.Start - size) & ~(align - 1);
            }
        }
        return null;
    }

    /// <summary>
    /// Claims <paramref name="size"/> bytes for the boot structures of <paramref name="kernel"/>: below the ISA hole when
    /// they fit, as firmware and boot loaders keep them, else the lowest free RAM below 4 GiB.
    /// </summary>
    public ulong AllocateBootData(ulong size, ulong align, BootFile kernel, string name) =>
        Allocate(size, align, LowFloor, MemoryMap.IsaHoleStart, name)
        ?? Allocate(size, align, MemoryMap.IsaHoleEnd, FourGibibytes, name)
        ?? throw KernelImageException.Of(kernel, $"{name} ({size} bytes) do not fit in free RAM below 4 GiB; raise --memory");

    /// <summary>Plans <paramref name="length"/> bytes of <paramref name="bytes"/> from <paramref name="offset"/> to go to <paramref name="address"/>.</summary>
    public void Write(ulong address, byte[] bytes, int offset, int length) => _writes.Add((address, bytes, offset, length));

    /// <summary>Plans <paramref name="bytes"/> to go to <paramref name="address"/>.</summary>
    public void Write(ulong address, byte[] bytes) => Write(address, bytes, 0, bytes.Length);

    /// <summary>Plans <paramref name="size"/> bytes at <paramref name="address"/> to be zero (a segment's bss).</summary>
    public void Zero(ulong address, ulong size) => _zeros.Add((address, size));

    /// <summary>Writes the plan into guest memory.</summary>
    public void Apply()
    {
        foreach (var (address, size) in _zeros)
            ZeroFill(address, size);
        foreach (var (address, bytes, offset, length) in _writes)
        {
            if (!_memory.Load(address, bytes.AsSpan(offset, length)))
                throw new InvalidOperationException($"planned boot write at 0x{address:X} is not backed by RAM");
        }
    }

    /// <summary>Zeroes only chunks that are not zero already, so untouched RAM stays untouched.</summary>
    private void ZeroFill(ulong address, ulong size)
    {
        Span<byte> chunk = new byte[ZeroChunk.Length];
        for (ulong done = 0; done < size;)
        {
            var length = (int)Math.Min((ulong)chunk.Length, size - done);
            var part = chunk[..length];
            if (!_memory.Read(address + done, part) || part.IndexOfAnyExcept((byte)0) >= 0)
                _memory.Load(address + done, ZeroChunk.AsSpan(0, length));
            done += (ulong)length;
        }
    }

    private ulong Take(ulong at, ulong size, string name)
    {
        _claims.Add(new Range(at, at + size, name));
        return at;
    }

    private Range? Overlap(ulong start, ulong size)
    {
        foreach (var claim in _claims)
        {
            if (start < claim.End && claim.Start < start + size) return claim;
        }
        return null;
    }

    /// <summary>Whether RAM regions cover [start, end) without a gap.</summary>
    private bool IsRam(ulong start, ulong end)
    {
        var at = start;
        // Each pass moves to the end of one region, so the regions bound the passes.
        for (var pass = 0; pass <= _memory.Regions.Count && at < end; pass++)
        {
            var next = at;
            foreach (var region in _memory.Regions)
            {
                if (region.Kind == MemoryRegionKind.Ram && at - region.Start < region.Size) next = region.Start + region.Size;
            }
            if (next == at) return false;
            at = next;
        }
        return at >= end;
    }

    private ulong RamEnd()
    {
        ulong end = 0;
        foreach (var region in _memory.Regions)
        {
            if (region.Kind == MemoryRegionKind.Ram) end = Math.Max(end, region.Start + region.Size);
        }
        return end;
    }

    private static ulong AlignUp(ulong value, ulong align) => (value + align - 1) & ~(align - 1);

    private readonly record struct Range(ulong Start, ulong End, string Name);
}
