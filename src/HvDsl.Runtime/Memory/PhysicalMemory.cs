using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Memory;

/// <summary>
/// Guest-physical memory: RAM and ROM regions backed by one native allocation each, and MMIO holes.
/// Translation to host memory goes through a per-page table, so no host pointer outside the
/// guest's own regions can ever be formed.
/// </summary>
public sealed unsafe class PhysicalMemory : IDisposable
{
    /// <summary>Guest page size.</summary>
    public const int PageSize = 4096;

    /// <summary>Largest guest-physical address space this runtime maps (64 GiB).</summary>
    public const ulong MaxAddress = 1UL << 36;

    private const byte Present = 1, Writable = 2;

    private readonly List<MemoryRegion> _regions = [];
    private readonly List<nint> _allocations = [];
    private nint[] _hostPage = [];
    private byte[] _pageFlags = [];

    /// <summary>Bumped per page when a write hits cached code there; blocks decoded from it are then stale.</summary>
    internal int[] CodeGeneration = [];

    /// <summary>Per page, one bit per 128-byte line that holds cached code.</summary>
    internal uint[] CodeLines = [];

    /// <summary>The regions, in registration order.</summary>
    public IReadOnlyList<MemoryRegion> Regions => _regions;

    /// <summary>Number of 4 KiB pages the translation table covers.</summary>
    internal ulong PageCount => (ulong)_hostPage.Length;

    /// <summary>Adds zero-filled RAM at <paramref name="start"/>.</summary>
    public void AddRam(ulong start, ulong size) => AddBacked(start, size, MemoryRegionKind.Ram, ReadOnlySpan<byte>.Empty);

    /// <summary>Adds ROM holding <paramref name="content"/> (rounded up to whole pages, zero-padded).</summary>
    public void AddRom(ulong start, ReadOnlySpan<byte> content) =>
        AddBacked(start, ((ulong)content.Length + PageSize - 1) & ~(ulong)(PageSize - 1), MemoryRegionKind.Rom, content);

    /// <summary>Adds a hole whose loads and stores exit with <see cref="Exits.ExitReason.Mmio"/>.</summary>
    public void AddMmioHole(ulong start, ulong size)
    {
        CheckRange(start, size);
        _regions.Add(new MemoryRegion(start, size, MemoryRegionKind.MmioHole));
    }

    /// <summary>Whether the guest-physical address lies in an MMIO hole.</summary>
    public bool IsMmioHole(ulong address)
    {
        foreach (var r in _regions)
        {
            if (r.Kind == MemoryRegionKind.MmioHole && address - r.Start < r.Size)
                return true;
        }
        return false;
    }

    /// <summary>Copies <paramref name="data"/> into RAM or ROM (a host action, so ROM is writable here); false if any byte is not backed.</summary>
    public bool Load(ulong address, ReadOnlySpan<byte> data) => Copy(address, data.Length, data, Span<byte>.Empty, host: true);

    /// <summary>Reads backed memory; false if any byte is not RAM or ROM.</summary>
    public bool Read(ulong address, Span<byte> destination) => Copy(address, destination.Length, ReadOnlySpan<byte>.Empty, destination, host: false);

    /// <summary>Writes RAM as the guest would (ROM refuses); false if any byte is not RAM.</summary>
    public bool Write(ulong address, ReadOnlySpan<byte> source) => Copy(address, source.Length, source, Span<byte>.Empty, host: false);

    /// <summary>Host pointer of the page holding <paramref name="address"/>, or null if not RAM/ROM.</summary>
    internal byte* PagePointer(ulong address, bool write)
    {
        var page = address >> 12;
        if (page >= (ulong)_hostPage.Length)
            return null;
        var flags = _pageFlags[page];
        if ((flags & Present) == 0 || (write && (flags & Writable) == 0))
            return null;
        return (byte*)_hostPage[page];
    }

    /// <summary>Whether the page is RAM or ROM.</summary>
    internal bool IsBacked(ulong address) => PagePointer(address, write: false) != null;

    /// <summary>Marks the 128-byte lines of [address, address+length) as holding cached code.</summary>
    internal void MarkCode(ulong address, int length)
    {
        for (var a = address & ~127UL; a < address + (ulong)length; a += 128)
        {
            var page = a >> 12;
            if (page < (ulong)CodeLines.Length)
                CodeLines[page] |= 1u << (int)((a >> 7) & 31);
        }
    }

    /// <summary>Called on a guest store: if it touches cached code, drops that page's blocks. Returns whether it did.</summary>
    internal bool NoteWrite(ulong address, int length)
    {
        var hit = false;
        for (var a = address & ~127UL; a < address + (ulong)length; a += 128)
        {
            var page = a >> 12;
            if (page < (ulong)CodeLines.Length && (CodeLines[page] & (1u << (int)((a >> 7) & 31))) != 0)
            {
                CodeLines[page] = 0;
                CodeGeneration[page]++;
                hit = true;
            }
        }
        return hit;
    }

    private bool Copy(ulong address, int length, ReadOnlySpan<byte> source, Span<byte> destination, bool host)
    {
        var write = destination.IsEmpty && !source.IsEmpty;
        var done = 0;
        while (done < length)
        {
            var at = address + (ulong)done;
            var p = host ? PagePointerForHost(at) : PagePointer(at, write);
            if (p == null)
                return false;
            var offset = (int)(at & (PageSize - 1));
            var chunk = Math.Min(length - done, PageSize - offset);
            if (write)
            {
                source.Slice(done, chunk).CopyTo(new Span<byte>(p + offset, chunk));
                NoteWrite(at, chunk);
            }
            else
                new ReadOnlySpan<byte>(p + offset, chunk).CopyTo(destination.Slice(done, chunk));
            done += chunk;
        }
        return true;
    }

    /// <summary>Host pointer of a RAM or ROM page for the host itself (loading, snapshots), or null.</summary>
    internal byte* PagePointerForHost(ulong address)
    {
        var page = address >> 12;
        return page < (ulong)_hostPage.Length && (_pageFlags[page] & Present) != 0 ? (byte*)_hostPage[page] : null;
    }

    private void AddBacked(ulong start, ulong size, MemoryRegionKind kind, ReadOnlySpan<byte> content)
    {
        CheckRange(start, size);
        var memory = (byte*)NativeMemory.AlignedAlloc((nuint)size, PageSize);
        for (ulong cleared = 0; cleared < size; cleared += 1 << 30)
            new Span<byte>(memory + cleared, (int)Math.Min(size - cleared, 1 << 30)).Clear();
        content.CopyTo(new Span<byte>(memory, content.Length));
        _allocations.Add((nint)memory);
        _regions.Add(new MemoryRegion(start, size, kind));

        var endPage = (start + size) >> 12;
        if (endPage > (ulong)_hostPage.Length)
        {
            Array.Resize(ref _hostPage, (int)endPage);
            Array.Resize(ref _pageFlags, (int)endPage);
            Array.Resize(ref CodeGeneration, (int)endPage);
            Array.Resize(ref CodeLines, (int)endPage);
        }
        var flags = (byte)(kind == MemoryRegionKind.Ram ? Present | Writable : Present);
        for (ulong page = start >> 12, i = 0; page < endPage; page++, i++)
        {
            _hostPage[page] = (nint)(memory + i * PageSize);
            _pageFlags[page] = flags;
        }
    }

    private void CheckRange(ulong start, ulong size)
    {
        if (size == 0 || (start | size) % PageSize != 0 || start >= MaxAddress || size > MaxAddress - start)
            throw new ArgumentException($"Region 0x{start:X} size 0x{size:X} must be non-empty, 4 KiB aligned and below 0x{MaxAddress:X}.");
        foreach (var r in _regions)
        {
            if (start < r.Start + r.Size && r.Start < start + size)
                throw new ArgumentException($"Region 0x{start:X} size 0x{size:X} overlaps the {r.Kind} region at 0x{r.Start:X} size 0x{r.Size:X}.");
        }
    }

    /// <summary>Frees the host memory; the VM must not run afterwards.</summary>
    public void Dispose()
    {
        foreach (var a in _allocations)
            NativeMemory.AlignedFree((void*)a);
        _allocations.Clear();
        _hostPage = [];
        _pageFlags = [];
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the host memory if the owner forgot to.</summary>
    ~PhysicalMemory() => Dispose();
}
