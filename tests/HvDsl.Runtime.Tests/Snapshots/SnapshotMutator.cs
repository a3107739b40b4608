using System;
using System.Buffers.Binary;
using System.Linq;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>
/// Seeded mutants of a good snapshot: blind bit flips, and edits that keep the checksum valid so the parser itself is
/// attacked — overwritten fields, extreme sizes, duplicated or reordered memory chunks, inserted, deleted and cut bytes.
/// </summary>
internal sealed class SnapshotMutator(byte[] good, int seed)
{
    private const int Memory = 3;

    private static readonly ulong[] Extremes =
        [0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1UL << 32, 1UL << 40, long.MaxValue, ulong.MaxValue];

    private readonly Random _random = new(seed);

    /// <summary>The next mutant and the name of the edit that made it.</summary>
    public (byte[] Snapshot, string Edit) Next() => _random.Next(10) switch
    {
        0 => (FlipBits(), "bit flips, checksum left stale"),
        1 => (SnapshotSurgery.Rechecksum(Overwrite()), "random bytes"),
        2 => (SnapshotSurgery.Rechecksum(Extreme(Copy(), _random.Next(10, good.Length - 40))), "extreme field"),
        3 => (SnapshotSurgery.Rechecksum(SectionLength()), "section length"),
        4 => (SnapshotSurgery.EditSection(good, Memory, DuplicateChunks), "duplicated chunks"),
        5 => (SnapshotSurgery.EditSection(good, Memory, ChunkField), "chunk field"),
        6 => (SnapshotSurgery.Rechecksum(good[.._random.Next(0, good.Length)]), "cut"),
        7 => (SnapshotSurgery.Rechecksum(Insert()), "inserted bytes"),
        8 => (SnapshotSurgery.Rechecksum(Delete()), "deleted bytes"),
        _ => (SnapshotSurgery.EditSection(good, _random.Next(SnapshotSurgery.Tags.Length), SectionPayload), "section payload"),
    };

    private byte[] Copy() => (byte[])good.Clone();

    private byte[] FlipBits()
    {
        var bytes = Copy();
        for (var n = _random.Next(1, 5); n > 0; n--) bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        return bytes;
    }

    private byte[] Overwrite()
    {
        var bytes = Copy();
        for (var n = _random.Next(1, 9); n > 0; n--) bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        return bytes;
    }

    /// <summary>Writes an extreme value of a random width (1, 2, 4 or 8 bytes, or a 7-bit string length) at <paramref name="at"/>.</summary>
    private byte[] Extreme(byte[] bytes, int at)
    {
        var width = _random.Next(5) switch { 0 => 1, 1 => 2, 2 => 4, 3 => 8, _ => 5 };
        if (at < 0 || at + width > bytes.Length) return bytes;
        if (width == 5)
        {
            // A string length of 2^31 - 1 as BinaryReader encodes it.
            bytes.AsSpan(at, 4).Fill(0xFF);
            bytes[at + 4] = 0x07;
            return bytes;
        }
        Span<byte> value = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(value, _random.Next(4) == 0 ? (ulong)_random.NextInt64() : Extremes[_random.Next(Extremes.Length)]);
        value[..width].CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    private byte[] SectionLength()
    {
        var bytes = Copy();
        var sections = SnapshotSurgery.Sections(good);
        var value = _random.Next(3) == 0 ? (ulong)(sections[_random.Next(sections.Count)].Payload.Length + _random.Next(-16, 17)) : Extremes[_random.Next(Extremes.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(sections[_random.Next(sections.Count)].At + 4), value);
        return bytes;
    }

    private byte[] DuplicateChunks(byte[] memory)
    {
        var chunks = SnapshotSurgery.Chunks(memory);
        var end = memory[(chunks[^1].Start + chunks[^1].Length)..];
        var pieces = chunks.Select(c => memory[c.Start..(c.Start + c.Length)]).ToList();
        for (var n = _random.Next(1, 400); n > 0; n--) pieces.Insert(_random.Next(pieces.Count + 1), pieces[_random.Next(pieces.Count)]);
        if (_random.Next(2) == 0) pieces.Reverse();
        return [.. pieces.SelectMany(p => p), .. end];
    }

    private byte[] ChunkField(byte[] memory)
    {
        var chunks = SnapshotSurgery.Chunks(memory);
        var chunk = chunks[_random.Next(chunks.Count)];
        // Address, bitmap words, encoding or length: the fields the reader sizes things by.
        int[] fields = [0, 8, 16, 24, 32, 40, 41];
        return Extreme(memory, chunk.Start + fields[_random.Next(fields.Length)]);
    }

    private byte[] Insert()
    {
        var at = _random.Next(good.Length);
        var extra = new byte[_random.Next(1, 65)];
        _random.NextBytes(extra);
        return [.. good[..at], .. extra, .. good[at..]];
    }

    private byte[] Delete()
    {
        var at = _random.Next(good.Length);
        return [.. good[..at], .. good[Math.Min(good.Length, at + _random.Next(1, 65))..]];
    }

    private byte[] SectionPayload(byte[] payload)
    {
        if (payload.Length == 0 || _random.Next(4) == 0) return [.. payload, .. new byte[_random.Next(1, 9)]];
        if (_random.Next(4) == 0) return payload[.._random.Next(payload.Length)];
        return Extreme(payload, _random.Next(payload.Length));
    }
}
