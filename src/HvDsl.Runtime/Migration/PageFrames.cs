using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;

namespace HvDsl.Runtime.Migration;

/// <summary>
/// The migration wire format after the key handshake: the serialized machine cut into pages, each
/// authenticated with the connection's frame key, so a damaged, reordered, replayed or forged page is caught where it is.
/// </summary>
/// <remarks>
/// Page frames, each a u32 length (1 to <see cref="PageSize"/>), the payload, and the first 16 bytes of
/// HMAC-SHA256(frame key, u64 frame index, length, payload); then an end frame, a u32 0, the u64 total payload length and
/// its tag over the index, the 0 and the total. The index is counted, not sent.
/// </remarks>
public static class PageFrames
{
    /// <summary>The largest payload of one frame.</summary>
    public const int PageSize = 4096;

    /// <summary>Bytes of a frame's tag.</summary>
    public const int TagSize = 16;

    /// <summary>Bytes before a frame's payload in the buffers both sides use: the uncounted index, then the sent length.</summary>
    public const int Prefix = 8 + 4;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="network"/> as page frames and an end frame under <paramref name="frameKey"/>.</summary>
    public static void Write(Stream network, ReadOnlySpan<byte> bytes, byte[] frameKey)
    {
        var frame = new byte[Prefix + PageSize + TagSize];
        var index = 0UL;
        for (var at = 0; at < bytes.Length; at += PageSize, index++)
        {
            var page = bytes.Slice(at, Math.Min(PageSize, bytes.Length - at));
            page.CopyTo(frame.AsSpan(Prefix));
            Send(network, frame, index, (uint)page.Length, page.Length, frameKey);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(Prefix), (ulong)bytes.Length);
        Send(network, frame, index, 0, 8, frameKey);
        network.Flush();
    }

    /// <summary>Writes one page frame, number <paramref name="index"/> of its stream, under <paramref name="frameKey"/>.</summary>
    public static void WritePage(Stream network, ReadOnlySpan<byte> page, ulong index, byte[] frameKey)
    {
        var frame = new byte[Prefix + page.Length + TagSize];
        page.CopyTo(frame.AsSpan(Prefix));
        Send(network, frame, index, (uint)page.Length, page.Length, frameKey);
    }

    /// <summary>Writes the tag of the frame in <paramref name="frame"/> (index and length already in its prefix, then <paramref name="body"/> bytes) to <paramref name="tag"/>.</summary>
    public static void Tag(byte[] frameKey, ReadOnlySpan<byte> frame, int body, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(frameKey, frame[..(Prefix + body)], mac);
        mac[..TagSize].CopyTo(tag);
    }

    private static void Send(Stream network, byte[] frame, ulong index, uint length, int body, byte[] frameKey)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(frame, index);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), length);
        Tag(frameKey, frame, body, frame.AsSpan(Prefix + body, TagSize));
        network.Write(frame, 8, 4 + body + TagSize);
    }
}
