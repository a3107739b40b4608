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

    /// <summary>Bytes of guest memory one chunk covers.</summary>
    public const int ChunkBytes = PagesPerChunk * PageSize;

    /// <summary>Bytes a chunk adds besides its pages: address, bitmap, encoding and length.</summary>
    public const int ChunkOverhead = 8 + PagesPerChunk / 8 + 1 + 4;

    private readonly List<Chunk> _chunks = [];

    public static void Write(PhysicalMemory memory, BinaryWriter writer)
    {
        var bitmap = new ulong[PagesPerChunk / 64];
        var pages = new MemoryStream();
        foreach (var region in BackedRegions(memory))
        {
            for (var chunk = region.Start; chunk < region.Start + region.Size; chunk += ChunkBytes)
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

    /// <summary>
    /// Reads and checks every chunk against <paramref name="memory"/>'s layout without touching it. Payloads stay slices of
    /// the snapshot's bytes, and deflated ones are inflated into one chunk-sized buffer, so checking costs no more memory
    /// than the snapshot itself.
    /// </summary>
    public static MemoryImage Read(PhysicalMemory memory, BinaryReader reader)
    {
        var image = new MemoryImage();
        var regions = BackedRegions(memory);
        var section = ((MemoryStream)reader.BaseStream).TryGetBuffer(out var buffer) ? buffer : throw new InvalidOperationException("snapshot sections are readable buffers");
        var seen = new HashSet<ulong>();
        var scratch = new byte[ChunkBytes];
        while (reader.ReadUInt64() is var address && address != ulong.MaxValue)
        {
            if (address % PageSize != 0 || !regions.Exists(r => address - r.Start < r.Size && (address - r.Start) % ChunkBytes == 0))
                throw new SnapshotException($"memory chunk at 0x{address:X} is not the start of a chunk of this VM's RAM or ROM");
            if (!seen.Add(address)) throw new SnapshotException($"memory chunk at 0x{address:X} appears twice");
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
            if (encoding > Deflated || length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
                throw new SnapshotException($"memory chunk at 0x{address:X} has encoding {encoding}, length {length}");
            var payload = section.Slice((int)reader.BaseStream.Position, length);
            reader.BaseStream.Position += length;
            var expected = present * PageSize;
            if (encoding == Raw && length != expected)
                throw new SnapshotException($"memory chunk at 0x{address:X} holds {length} bytes for {present} pages");
            if (encoding == Deflated) Inflate(payload, scratch.AsSpan(0, expected), address);
            image._chunks.Add(new Chunk(address, bitmap, present, encoding, payload));
        }
        return image;
    }

    /// <summary>Writes the image into <paramref name="memory"/>: every RAM and ROM page not in it becomes zero.</summary>
    public void CopyTo(PhysicalMemory memory)
    {
        memory.ZeroBacked();
        var scratch = new byte[ChunkBytes];
        foreach (var chunk in _chunks)
        {
            var pages = chunk.Encoding == Raw ? chunk.Payload.AsSpan() : Inflate(chunk.Payload, scratch.AsSpan(0, chunk.Pages * PageSize), chunk.Address);
            var taken = 0;
            for (var i = 0; i < PagesPerChunk; i++)
            {
                if ((chunk.Bitmap[i / 64] & (1UL << (i % 64))) == 0) continue;
                pages.Slice(taken * PageSize, PageSize).CopyTo(new Span<byte>(memory.PagePointerForHost(chunk.Address + (ulong)i * PageSize), PageSize));
                taken++;
            }
        }
    }

    /// <summary>Inflates <paramref name="payload"/> into exactly <paramref name="pages"/>: a stream that ends early or runs past it is refused.</summary>
    private static Span<byte> Inflate(ArraySegment<byte> payload, Span<byte> pages, ulong address)
    {
        try
        {
            using var inflate = new DeflateStream(new MemoryStream(payload.Array!, payload.Offset, payload.Count, writable: false), CompressionMode.Decompress);
            inflate.ReadExactly(pages);
            if (inflate.ReadByte() != -1) throw new SnapshotException($"memory chunk at 0x{address:X} inflates past its pages");
        }
        catch (Exception error) when (error is InvalidDataException or EndOfStreamException)
        {
            throw new SnapshotException($"memory chunk at 0x{address:X} does not inflate to its {pages.Length / PageSize} pages: {error.Message}", error);
        }
        return pages;
    }

    /// <summary>Bytes of RAM and ROM in <paramref name="memory"/>, which bound what its snapshot can hold.</summary>
    public static ulong BackedBytes(PhysicalMemory memory) => BackedRegions(memory).Aggregate(0UL, (sum, region) => sum + region.Size);

    private static List<MemoryRegion> BackedRegions(PhysicalMemory memory) => [.. memory.Regions.Where(r => r.Kind != MemoryRegionKind.MmioHole)];

    /// <summary>One chunk as read: its payload is still a slice of the snapshot, deflated or raw.</summary>
    private sealed record Chunk(ulong Address, ulong[] Bitmap, int Pages, byte Encoding, ArraySegment<byte> Payload);
}
