using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Memory;

/// <summary>
/// Guest-physical memory: RAM and ROM regions backed by one native reservation each, which the OS commits page by page
/// on first touch (so a large guest costs what it uses), and MMIO holes. Translation to host memory goes through a
/// per-page table, so no host pointer outside the guest's own regions can ever be formed.
/// </summary>
public sealed unsafe class PhysicalMemory : IDisposable
{
    /// <summary>Guest page size.</summary>
    public const int PageSize = 4096;

    /// <summary>Largest guest-physical address space this runtime maps (64 GiB).</summary>
    public const ulong MaxAddress = 1UL << 36;

    private const byte Present = 1, Writable = 2;

    private readonly List<MemoryRegion> _regions = [];
    private readonly List<(nint Memory, ulong Size)> _allocations = [];
    private nint[] _hostPage = [];
    private byte[] _pageFlags = [];

    /// <summary>One bit per page, set once a writable host pointer to it has been handed out: clear bits are pages still zero.</summary>
    private ulong[] _written = [];

    private ulong _backedBytes;

    /// <summary>
    /// The most RAM and ROM one VM may have on this host: the memory available to this process (physical memory, or the
    /// container's limit). Pages are committed when first touched, but a guest may touch them all.
    /// </summary>
    public static ulong HostLimit => HostMemory.Limit;

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
        if (write)
            _written[page >> 6] |= 1UL << (int)page;
        return (byte*)_hostPage[page];
    }

    /// <summary>Whether the RAM or ROM page at <paramref name="address"/> may hold a non-zero byte; false means it is all zero.</summary>
    internal bool MayHoldData(ulong address)
    {
        var page = address >> 12;
        return page < (ulong)_hostPage.Length && (_written[page >> 6] & (1UL << (int)page)) != 0;
    }

    /// <summary>Makes every RAM and ROM page zero, clearing only the pages ever written (the rest still are).</summary>
    internal void ZeroBacked()
    {
        for (var page = 0UL; page < (ulong)_hostPage.Length; page++)
        {
            if ((_pageFlags[page] & Present) != 0 && (_written[page >> 6] & (1UL << (int)page)) != 0)
                new Span<byte>((void*)_hostPage[page], PageSize).Clear();
        }
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
        if (page >= (ulong)_hostPage.Length || (_pageFlags[page] & Present) == 0)
            return null;
        _written[page >> 6] |= 1UL << (int)page;
        return (byte*)_hostPage[page];
    }

    private void AddBacked(ulong start, ulong size, MemoryRegionKind kind, ReadOnlySpan<byte> content)
    {
        CheckRange(start, size);
        var limit = HostLimit;
        if (size > limit - Math.Min(limit, _backedBytes))
            throw new InsufficientMemoryException($"Guest memory of {Describe(_backedBytes + size)} is more than this host can give ({Describe(limit)}).");
        // Reserved, not cleared: the OS hands out zero pages as they are first touched.
        var memory = HostMemory.Reserve(size);
        if (memory == null)
            throw new InsufficientMemoryException($"The host refused to reserve {Describe(size)} for guest memory (at most {Describe(limit)} here).");
        _allocations.Add(((nint)memory, size));
        _backedBytes += size;
        content.CopyTo(new Span<byte>(memory, content.Length));
        _regions.Add(new MemoryRegion(start, size, kind));

        var endPage = (start + size) >> 12;
        if (endPage > (ulong)_hostPage.Length)
        {
            Array.Resize(ref _hostPage, (int)endPage);
            Array.Resize(ref _pageFlags, (int)endPage);
            Array.Resize(ref CodeGeneration, (int)endPage);
            Array.Resize(ref CodeLines, (int)endPage);
            Array.Resize(ref _written, (int)((endPage + 63) >> 6));
        }
        var flags = (byte)(kind == MemoryRegionKind.Ram ? Present | Writable : Present);
        for (ulong page = start >> 12, i = 0; page < endPage; page++, i++)
        {
            _hostPage[page] = (nint)(memory + i * PageSize);
            _pageFlags[page] = flags;
        }
        for (ulong page = start >> 12; page < (start + (ulong)content.Length + PageSize - 1) >> 12; page++)
            _written[page >> 6] |= 1UL << (int)page;
    }

    /// <summary>A byte count for a message: whole or one-decimal GiB, else MiB.</summary>
    private static string Describe(ulong bytes) =>
        bytes >= 1UL << 30 ? $"{bytes / (double)(1UL << 30):0.#} GiB" : $"{bytes / (double)(1UL << 20):0.#} MiB";

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
        foreach (var (memory, size) in _allocations)
            HostMemory.Release((byte*)memory, size);
        _allocations.Clear();
        _backedBytes = 0;
        _hostPage = [];
        _pageFlags = [];
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the host memory if the owner forgot to.</summary>
    ~PhysicalMemory() => Dispose();
}
