using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>Takes a snapshot apart by its documented layout and puts edited pieces back with a fresh checksum.</summary>
internal static class SnapshotSurgery
{
    private const int HeaderSize = 10;
    private const int ChecksumSize = 32;

    /// <summary>Section tags in file order: IDNT, CPU, CLCK, MEM, DEVS.</summary>
    public static readonly uint[] Tags = [0x544E4449, 0x20555043, 0x4B434C43, 0x204D454D, 0x53564544];

    /// <summary>A memory chunk's place in the MEM payload: where it starts and its length in bytes.</summary>
    public readonly record struct Chunk(int Start, int Length);

    /// <summary>Each section's offset (of its tag) and payload, in file order.</summary>
    public static List<(int At, byte[] Payload)> Sections(byte[] snapshot)
    {
        var sections = new List<(int, byte[])>();
        for (var at = HeaderSize; at < snapshot.Length - ChecksumSize;)
        {
            var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(snapshot.AsSpan(at + 4));
            sections.Add((at, snapshot[(at + 12)..(at + 12 + length)]));
            at += 12 + length;
        }
        return sections;
    }

    /// <summary>The snapshot rebuilt from <paramref name="payloads"/> (one per tag), with correct lengths and checksum.</summary>
    public static byte[] Build(byte[] snapshot, IReadOnlyList<byte[]> payloads)
    {
        var file = new MemoryStream();
        file.Write(snapshot, 0, HeaderSize);
        var writer = new BinaryWriter(file);
        for (var i = 0; i < payloads.Count; i++)
        {
            writer.Write(Tags[i]);
            writer.Write((ulong)payloads[i].Length);
            writer.Write(payloads[i]);
        }
        writer.Flush();
        return Rechecksum([.. file.ToArray(), .. new byte[ChecksumSize]]);
    }

    /// <summary>The snapshot with section <paramref name="index"/> replaced by what <paramref name="edit"/> makes of it.</summary>
    public static byte[] EditSection(byte[] snapshot, int index, Func<byte[], byte[]> edit)
    {
        var payloads = Sections(snapshot).Select(s => s.Payload).ToList();
        payloads[index] = edit(payloads[index]);
        return Build(snapshot, payloads);
    }

    /// <summary>The chunks of a MEM payload, before its end marker.</summary>
    public static List<Chunk> Chunks(byte[] memory)
    {
        var chunks = new List<Chunk>();
        for (var at = 0; BinaryPrimitives.ReadUInt64LittleEndian(memory.AsSpan(at)) != ulong.MaxValue;)
        {
            var length = 8 + 32 + 1 + 4 + BinaryPrimitives.ReadInt32LittleEndian(memory.AsSpan(at + 41));
            chunks.Add(new Chunk(at, length));
            at += length;
        }
        return chunks;
    }

    /// <summary><paramref name="snapshot"/> with its trailing SHA-256 recomputed over the bytes before it, in place.</summary>
    public static byte[] Rechecksum(byte[] snapshot)
    {
        if (snapshot.Length < ChecksumSize) return snapshot;
        SHA256.HashData(snapshot.AsSpan(0, snapshot.Length - ChecksumSize)).CopyTo(snapshot.AsSpan(snapshot.Length - ChecksumSize));
        return snapshot;
    }
}
