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

    // Low bits of a page-table entry (host pages are at least 16-byte aligned); 0 is an entry not yet looked up.
    private const nint Present = 1, Writable = 2, Resolved = 4, EntryFlags = 7;

    private const ulong TablePages = MaxAddress >> 12;
    private const ulong TableBytes = TablePages * 8;

    private readonly List<MemoryRegion> _regions = [];
    private readonly List<(ulong Start, ulong Size, nint Host, bool Writable)> _backed = [];

    /// <summary>
    /// Host address and flags per guest page, filled from the regions on first use and reserved like RAM, so the table
    /// too costs only the pages a guest touches.
    /// </summary>
    private nint* _table;

    /// <summary>One bit per page, set once a writable host pointer to it has been handed out: clear bits are pages still zero.</summary>
    private ulong* _written;

    /// <summary>Pages the table covers: all of <see cref="MaxAddress"/>, or none once disposed.</summary>
    private ulong _tableLimit;

    private ulong _backedBytes;
    private bool _lookedUp;

    /// <summary>Creates an empty guest-physical address space.</summary>
    public PhysicalMemory()
    {
        _table = (nint*)HostMemory.Reserve(TableBytes);
        _written = (ulong*)HostMemory.Reserve(TablePages / 8);
        if (_table == null || _written == null)
            throw new InsufficientMemoryException("The host refused to reserve the guest-physical page table.");
        _tableLimit = TablePages;
    }

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
        if (page >= _tableLimit)
            return null;
        var entry = _table[page];
        if (entry == 0)
            entry = LookUp(page);
        if ((entry & Present) == 0 || (write && (entry & Writable) == 0))
            return null;
        if (write)
            _written[page >> 6] |= 1UL << (int)page;
        return (byte*)(entry & ~EntryFlags);
    }

    /// <summary>Host pointer of a RAM or ROM page for the host itself (loading, snapshots), or null.</summary>
    internal byte* PagePointerForHost(ulong address)
    {
        var page = address >> 12;
        if (page >= _tableLimit)
            return null;
        var entry = _table[page];
        if (entry == 0)
            entry = LookUp(page);
        if ((entry & Present) == 0)
            return null;
        _written[page >> 6] |= 1UL << (int)page;
        return (byte*)(entry & ~EntryFlags);
    }

    /// <summary>Fills the table entry of <paramref name="page"/> from the regions: its host page and flags, or only <see cref="Resolved"/>.</summary>
    private nint LookUp(ulong page)
    {
        _lookedUp = true;
        var address = page << 12;
        var entry = Resolved;
        foreach (var region in _backed)
        {
            if (address - region.Start < region.Size)
            {
                entry = (region.Host + (nint)(address - region.Start)) | Present | (region.Writable ? Writable : 0) | Resolved;
                break;
            }
        }
        _table[page] = entry;
        return entry;
    }

    /// <summary>Whether the RAM or ROM page at <paramref name="address"/> may hold a non-zero byte; false means it is all zero.</summary>
    internal bool MayHoldData(ulong address)
    {
        var page = address >> 12;
        return page < _tableLimit && (_written[page >> 6] & (1UL << (int)page)) != 0;
    }

    /// <summary>Makes every RAM and ROM page zero, clearing only the pages ever written (the rest still are).</summary>
    internal void ZeroBacked()
    {
        foreach (var region in _backed)
        {
            for (var address = region.Start; address < region.Start + region.Size; address += PageSize)
            {
                if (MayHoldData(address))
                    new Span<byte>((void*)(region.Host + (nint)(address - region.Start)), PageSize).Clear();
            }
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

    /// <summary>
    /// Forgets which lines hold code, once every vCPU's decoded blocks are dropped (a restore): a stale mark would end a
    /// block at a store that a VM without that history runs through.
    /// </summary>
    internal void ForgetCode() => Array.Clear(CodeLines);

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
        _backed.Add((start, size, (nint)memory, kind == MemoryRegionKind.Ram));
        _backedBytes += size;
        content.CopyTo(new Span<byte>(memory, content.Length));
        _regions.Add(new MemoryRegion(start, size, kind));

        var endPage = (start + size) >> 12;
        if (endPage > (ulong)CodeGeneration.Length)
        {
            Array.Resize(ref CodeGeneration, (int)endPage);
            Array.Resize(ref CodeLines, (int)endPage);
        }
        // Entries looked up before this region existed say "nothing here"; reading the others keeps their table pages untouched.
        for (var page = start >> 12; _lookedUp && page < endPage; page++)
        {
            if (_table[page] != 0)
                _table[page] = 0;
        }
        for (var page = start >> 12; page < (start + (ulong)content.Length + PageSize - 1) >> 12; page++)
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
        foreach (var region in _backed)
            HostMemory.Release((byte*)region.Host, region.Size);
        _backed.Clear();
        _backedBytes = 0;
        _tableLimit = 0;
        if (_table != null)
            HostMemory.Release((byte*)_table, TableBytes);
        if (_written != null)
            HostMemory.Release((byte*)_written, TablePages / 8);
        _table = null;
        _written = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the host memory if the owner forgot to.</summary>
    ~PhysicalMemory() => Dispose();
}
