using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Numerics;
using HvDsl.Runtime.Memory;

namespace HvDsl.Runtime.Snapshots;

/// <summary>
/// Guest RAM and ROM in chunks of up to 256 pages: each chunk that holds a non-zero page is written as its address, a
/// bitmap of its non-zero pages and those pages, deflated when that is smaller. Zero pages cost nothing.
/// </summary>
internal sealed unsafe class MemoryImage
{
    private const int PagesPerChunk = 256;
    private const int PageSize = PhysicalMemory.PageSize;
    private const byte Raw = 0, Deflated = 1;

    private readonly List<(ulong Address, ulong[] Bitmap, byte[] Pages)> _chunks = [];

    public static void Write(PhysicalMemory memory, BinaryWriter writer)
    {
        var bitmap = new ulong[PagesPerChunk / 64];
        var pages = new MemoryStream();
        foreach (var region in BackedRegions(memory))
        {
            for (var chunk = region.Start; chunk < region.Start + region.Size; chunk += PagesPerChunk * PageSize)
            {
                Array.Clear(bitmap);
                pages.SetLength(0);
                var count = (int)Math.Min(PagesPerChunk, (region.Start + region.Size - chunk) / PageSize);
                for (var i = 0; i < count; i++)
                {
                    // A page never written is zero: skipping it spares touching untouched (uncommitted) guest memory.
                    if (!memory.MayHoldData(chunk + (ulong)i * PageSize)) continue;
                    var page = new ReadOnlySpan<byte>(memory.PagePointerForHost(chunk + (ulong)i * PageSize), PageSize);
                    if (!page.ContainsAnyExcept((byte)0)) continue;
                    bitmap[i / 64] |= 1UL << (i % 64);
                    pages.Write(page);
                }
                if (pages.Length == 0) continue;
                writer.Write(chunk);
                foreach (var word in bitmap) writer.Write(word);
                WritePayload(writer, pages.GetBuffer().AsSpan(0, (int)pages.Length));
            }
        }
        writer.Write(ulong.MaxValue);
    }

    // Deflate at its fastest level pays for code and tables; random data is stored as it is.
    private static void WritePayload(BinaryWriter writer, ReadOnlySpan<byte> pages)
    {
        // A first page that barely shrinks marks incompressible data: storing it raw skips compressing 1 MiB for nothing.
        var sample = pages[..Math.Min(pages.Length, PageSize)];
        var deflated = Deflate(sample).Length < sample.Length * 7 / 8 ? Deflate(pages) : null;
        if (deflated is not null && deflated.Length < pages.Length)
        {
            writer.Write(Deflated);
            writer.Write((int)deflated.Length);
            writer.Write(deflated.GetBuffer().AsSpan(0, (int)deflated.Length));
            return;
        }
        writer.Write(Raw);
        writer.Write(pages.Length);
        writer.Write(pages);
    }

    private static MemoryStream Deflate(ReadOnlySpan<byte> data)
    {
        var deflated = new MemoryStream();
        using (var deflate = new DeflateStream(deflated, CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(data);
        return deflated;
    }

    /// <summary>Reads and checks every chunk against <paramref name="memory"/>'s layout without touching it.</summary>
    public static MemoryImage Read(PhysicalMemory memory, BinaryReader reader)
    {
        var image = new MemoryImage();
        var regions = BackedRegions(memory);
        while (reader.ReadUInt64() is var address && address != ulong.MaxValue)
        {
            if (address % PageSize != 0 || !regions.Exists(r => address - r.Start < r.Size && (address - r.Start) % (PagesPerChunk * PageSize) == 0))
                throw new SnapshotException($"memory chunk at 0x{address:X} is not the start of a chunk of this VM's RAM or ROM");
            var region = regions.Find(r => address - r.Start < r.Size);
            var pagesInChunk = (int)Math.Min(PagesPerChunk, (region.Start + region.Size - address) / PageSize);
            var bitmap = new ulong[PagesPerChunk / 64];
            var present = 0;
            for (var i = 0; i < bitmap.Length; i++)
            {
                bitmap[i] = reader.ReadUInt64();
                present += BitOperations.PopCount(bitmap[i]);
            }
            if (present == 0 || (pagesInChunk < PagesPerChunk && (bitmap[pagesInChunk / 64] >> (pagesInChunk % 64)) != 0))
                throw new SnapshotException($"memory chunk at 0x{address:X} names pages outside its region");
            var encoding = reader.ReadByte();
            var length = reader.ReadInt32();
            if (encoding > Deflated || length < 0)
                throw new SnapshotException($"memory chunk at 0x{address:X} has encoding {encoding}, length {length}");
            var payload = reader.ReadBytes(length);
            if (payload.Length != length) throw new EndOfStreamException();
            var pages = encoding == Raw ? payload : Inflate(payload, present * PageSize, address);
            if (pages.Length != present * PageSize)
                throw new SnapshotException($"memory chunk at 0x{address:X} holds {pages.Length} bytes for {present} pages");
            image._chunks.Add((address, bitmap, pages));
        }
        return image;
    }

    /// <summary>Writes the image into <paramref name="memory"/>: every RAM and ROM page not in it becomes zero.</summary>
    public void CopyTo(PhysicalMemory memory)
    {
        memory.ZeroBacked();
        foreach (var (address, bitmap, pages) in _chunks)
        {
            var taken = 0;
            for (var i = 0; i < PagesPerChunk; i++)
            {
                if ((bitmap[i / 64] & (1UL << (i % 64))) == 0) continue;
                pages.AsSpan(taken * PageSize, PageSize).CopyTo(new Span<byte>(memory.PagePointerForHost(address + (ulong)i * PageSize), PageSize));
                taken++;
            }
        }
    }

    private static byte[] Inflate(byte[] payload, int expected, ulong address)
    {
        var pages = new byte[expected];
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(payload), CompressionMode.Decompress);
            inflate.ReadExactly(pages);
            if (inflate.ReadByte() != -1) throw new SnapshotException($"memory chunk at 0x{address:X} inflates past its pages");
        }
        catch (Exception error) when (error is InvalidDataException or EndOfStreamException)
        {
            throw new SnapshotException($"memory chunk at 0x{address:X} does not inflate: {error.Message}", error);
        }
        return pages;
    }

    private static List<MemoryRegion> BackedRegions(PhysicalMemory memory) => [.. memory.Regions.Where(r => r.Kind != MemoryRegionKind.MmioHole)];
}
