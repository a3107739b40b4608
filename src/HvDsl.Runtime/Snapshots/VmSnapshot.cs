using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;

namespace HvDsl.Runtime.Snapshots;

/// <summary>
/// The bytes of one snapshot, read with a size bound and checked for magic, version and SHA-256, not yet restored into
/// any VM. Reading it first lets a caller refuse a bad snapshot before it builds (and allocates) the VM it goes into.
/// </summary>
public sealed class VmSnapshot
{
    // Identity lines, vCPUs, clock and device states; a real machine's are a few KiB.
    private const long NonMemoryAllowance = 16 << 20;
    private const int ChunkBytes = MemoryImage.ChunkBytes;
    private const int ChunkOverhead = MemoryImage.ChunkOverhead;

    private VmSnapshot(byte[] bytes, int length)
    {
        (Bytes, Length) = (bytes, length);
        var identity = SnapshotReader.Identity(bytes, length).Identity;
        MemoryBytes = identity.BackedBytes();
        Cpus = identity.Cpus();
    }

    /// <summary>The snapshot's size in bytes, checksum included.</summary>
    public int Length { get; }

    /// <summary>
    /// Bytes of RAM and ROM the snapshot's machine has, as its identity says: a caller that builds the VM from a size it
    /// was told can compare the two before allocating anything.
    /// </summary>
    public ulong MemoryBytes { get; }

    /// <summary>
    /// How many vCPUs the snapshot's machine has, as its identity says (0 when it says none): a host builds a VM with that
    /// many before restoring into it.
    /// </summary>
    public int Cpus { get; }

    internal byte[] Bytes { get; }

    /// <summary>
    /// The largest snapshot a VM with <paramref name="backedBytes"/> of RAM and ROM can write: every page stored raw, plus
    /// 16 MiB for everything else; at most <see cref="Array.MaxLength"/>.
    /// </summary>
    public static long MaxBytes(ulong backedBytes)
    {
        var chunks = backedBytes / ChunkBytes + 1;
        var bound = (UInt128)backedBytes + (UInt128)chunks * ChunkOverhead + NonMemoryAllowance;
        return bound > (UInt128)Array.MaxLength ? Array.MaxLength : (long)bound;
    }

    /// <summary>Reads one snapshot from <paramref name="stream"/> to its end, refusing it as soon as it passes <paramref name="maxBytes"/>.</summary>
    /// <exception cref="SnapshotException">The stream is longer than the bound, unreadable, not a snapshot, of another version, fails its checksum or has a malformed identity section.</exception>
    public static VmSnapshot Read(Stream stream, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = ReadBounded(stream, Math.Min(maxBytes, Array.MaxLength), out var length);
        var span = bytes.AsSpan(0, length);
        if (length < SnapshotFormat.HeaderSize || !span[..SnapshotFormat.Magic.Length].SequenceEqual(SnapshotFormat.Magic))
            throw new SnapshotException($"not an HvDsl snapshot: the first {SnapshotFormat.Magic.Length} bytes are not the snapshot magic");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(span[SnapshotFormat.Magic.Length..]);
        if (version != SnapshotFormat.Version)
            throw new SnapshotException($"snapshot format version {version} at offset {SnapshotFormat.Magic.Length}; this runtime reads version {SnapshotFormat.Version}");
        var bodyEnd = length - SnapshotFormat.ChecksumSize;
        if (bodyEnd < SnapshotFormat.HeaderSize || !SHA256.HashData(span[..bodyEnd]).AsSpan().SequenceEqual(span[bodyEnd..]))
            throw new SnapshotException($"snapshot checksum does not match: the file ({length} bytes) is truncated or corrupt");
        return new VmSnapshot(bytes, length);
    }

    // A seekable stream's size is checked before anything is read; any other grows the buffer only as bytes arrive.
    private static byte[] ReadBounded(Stream stream, long maxBytes, out int length)
    {
        try
        {
            if (stream.CanSeek && stream.Length - stream.Position > maxBytes) throw TooLarge(maxBytes);
            var buffer = new byte[stream.CanSeek ? (int)(stream.Length - stream.Position) : (int)Math.Min(maxBytes, 64 << 10)];
            length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var next = stream.ReadByte();
                    if (next < 0) return buffer;
                    if (length >= maxBytes) throw TooLarge(maxBytes);
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes, Math.Max(64L << 10, 2L * length)));
                    buffer[length++] = (byte)next;
                }
                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0) return buffer;
                length += read;
            }
        }
        catch (Exception error) when (error is IOException or NotSupportedException or ObjectDisposedException)
        {
            throw new SnapshotException($"snapshot cannot be read: {error.Message}", error);
        }
    }

    private static SnapshotException TooLarge(long maxBytes) =>
        new($"snapshot is larger than {maxBytes} bytes, the most a snapshot of this machine's memory can be");
}
