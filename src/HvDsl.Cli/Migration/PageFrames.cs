using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Migration;

/// <summary>
/// The migration wire format: the serialized machine cut into pages, each carrying its own checksum, so a damaged
/// connection is caught at the page it damaged.
/// </summary>
/// <remarks>
/// The magic <c>HVDSLMIG</c> and a little-endian u16 version (1); then page frames, each a u32 length (1 to
/// <see cref="PageSize"/>), the payload, and the first 8 bytes of the SHA-256 of the length and payload; then an end frame,
/// a u32 0 and the u64 total payload length.
/// </remarks>
internal static class PageFrames
{
    /// <summary>The largest payload of one frame.</summary>
    public const int PageSize = 4096;

    private const ushort Version = 1;
    private const int ChecksumSize = 8;
    private static ReadOnlySpan<byte> Magic => "HVDSLMIG"u8;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="network"/> as page frames and an end frame.</summary>
    public static void Write(Stream network, ReadOnlySpan<byte> bytes)
    {
        Span<byte> header = stackalloc byte[10];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Version);
        network.Write(header);
        var frame = new byte[4 + PageSize + ChecksumSize];
        for (var at = 0; at < bytes.Length; at += PageSize)
        {
            var page = bytes.Slice(at, Math.Min(PageSize, bytes.Length - at));
            BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)page.Length);
            page.CopyTo(frame.AsSpan(4));
            Checksum(frame.AsSpan(0, 4 + page.Length)).CopyTo(frame.AsSpan(4 + page.Length));
            network.Write(frame, 0, 4 + page.Length + ChecksumSize);
        }
        Span<byte> end = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(end[4..], (ulong)bytes.Length);
        network.Write(end);
        network.Flush();
    }

    /// <summary>Reads frames from <paramref name="network"/> up to the end frame, checking each page, and returns the payload.</summary>
    /// <exception cref="SnapshotException">The stream is foreign, of another version, cut short, or a page or the total does not check.</exception>
    public static byte[] Read(Stream network)
    {
        var received = new MemoryStream();
        Span<byte> header = stackalloc byte[10];
        Fill(network, header, received, "the header");
        if (!header[..8].SequenceEqual(Magic)) throw new SnapshotException("migration stream does not start with HVDSLMIG");
        if (BinaryPrimitives.ReadUInt16LittleEndian(header[8..]) is var version and not Version)
            throw new SnapshotException($"migration stream is version {version}; this hvdsl reads version {Version}");
        var frame = new byte[4 + PageSize + ChecksumSize];
        for (var page = 0; ; page++)
        {
            Fill(network, frame.AsSpan(0, 4), received, $"page {page}");
            var length = BinaryPrimitives.ReadUInt32LittleEndian(frame);
            if (length == 0) return End(network, received);
            if (length > PageSize) throw new SnapshotException($"migration page {page} claims {length} bytes; pages hold at most {PageSize}");
            Fill(network, frame.AsSpan(4, (int)length + ChecksumSize), received, $"page {page}");
            if (!Checksum(frame.AsSpan(0, 4 + (int)length)).SequenceEqual(frame.AsSpan(4 + (int)length, ChecksumSize)))
                throw new SnapshotException($"migration page {page} (payload offset {received.Length}) checksum does not match");
            received.Write(frame, 4, (int)length);
        }
    }

    private static byte[] End(Stream network, MemoryStream received)
    {
        Span<byte> total = stackalloc byte[8];
        Fill(network, total, received, "the end frame");
        var claimed = BinaryPrimitives.ReadUInt64LittleEndian(total);
        if (claimed != (ulong)received.Length)
            throw new SnapshotException($"migration end frame claims {claimed} bytes, but {received.Length} arrived");
        return received.ToArray();
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length; an early end or a broken connection names what was being read.</summary>
    private static void Fill(Stream network, Span<byte> buffer, MemoryStream received, string what)
    {
        try
        {
            if (network.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length) return;
        }
        catch (IOException exception)
        {
            throw new SnapshotException($"migration connection failed while reading {what} after {received.Length} payload bytes: {exception.Message}", exception);
        }
        throw new SnapshotException($"migration stream ended in {what} after {received.Length} payload bytes");
    }

    private static byte[] Checksum(ReadOnlySpan<byte> frame) => SHA256.HashData(frame)[..ChecksumSize];
}
