using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using HvDsl.Runtime.Memory;

namespace HvDsl.Runtime.Snapshots;

/// <summary>
/// The file <c>hvdsl run --save-at</c> writes and <c>hvdsl resume</c> reads (and the bytes a migration carries): a small header with what a host needs to
/// build the same machine before restoring (the RAM size), then the VM snapshot as <see cref="Vm.Save"/> writes it.
/// </summary>
/// <remarks>
/// Header (26 bytes): the magic <c>HVDSLRUN</c>, a little-endian u16 version, a u64 RAM size, and the first 8 bytes of the
/// SHA-256 of those 18 bytes. The VM snapshot after it carries its own checksum.
/// </remarks>
public static class RunSnapshotFile
{
    private const ushort Version = 1;
    private const int HashedSize = 18;

    /// <summary>Bytes before the VM snapshot.</summary>
    public const int HeaderSize = HashedSize + 8;
    private static ReadOnlySpan<byte> Magic => "HVDSLRUN"u8;

    /// <summary>Writes the header for <paramref name="memoryBytes"/> and the snapshot of <paramref name="vm"/> to <paramref name="path"/>.</summary>
    /// <exception cref="SnapshotException">The file cannot be created or written.</exception>
    public static void Write(string path, ulong memoryBytes, Vm vm)
    {
        try
        {
            WriteFile(path, memoryBytes, vm);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SnapshotException($"cannot write snapshot {path}: {exception.Message}", exception);
        }
    }

    private static void WriteFile(string path, ulong memoryBytes, Vm vm)
    {
        using var file = File.Create(path);
        WriteTo(file, memoryBytes, vm);
    }

    /// <summary>Writes the header for <paramref name="memoryBytes"/> and the snapshot of <paramref name="vm"/> to <paramref name="stream"/>.</summary>
    public static void WriteTo(Stream stream, ulong memoryBytes, Vm vm)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteUInt64LittleEndian(header[10..], memoryBytes);
        SHA256.HashData(header[..HashedSize])[..8].CopyTo(header[HashedSize..]);
        stream.Write(header);
        vm.Save(stream);
    }

    /// <summary>Reads the file at <paramref name="path"/>: its header, then the VM snapshot, bounded by the RAM size the header names.</summary>
    /// <exception cref="SnapshotException">The file is missing, unreadable, too large for its RAM size, or its header or checksum is bad.</exception>
    public static (ulong MemoryBytes, VmSnapshot Snapshot) Load(string path)
    {
        Stream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SnapshotException($"cannot read snapshot {path}: {exception.Message}", exception);
        }
        using (file) return Read(file, $"snapshot {path}");
    }

    /// <summary>
    /// Checks the header at the start of <paramref name="stream"/>, then reads and checksums the VM snapshot after it, which
    /// may be no larger than a snapshot of that much RAM can be and must name the same RAM size: nothing is built until
    /// all of that holds.
    /// </summary>
    /// <param name="stream">The header and snapshot.</param>
    /// <param name="what">How messages name the stream, e.g. <c>snapshot FILE</c>.</param>
    /// <exception cref="SnapshotException">The header is short, foreign, corrupt, of another version or names a RAM size this host cannot give; or the snapshot is too large, cut short or fails its checksum.</exception>
    public static (ulong MemoryBytes, VmSnapshot Snapshot) Read(Stream stream, string what)
    {
        var memoryBytes = ReadHeader(stream, what);
        VmSnapshot snapshot;
        try
        {
            snapshot = VmSnapshot.Read(stream, VmSnapshot.MaxBytes(memoryBytes));
        }
        catch (SnapshotException problem)
        {
            // Not Unusable: these problems (and those of a migration stream feeding the read) carry no snapshot offset.
            throw new SnapshotException($"{what} is unusable: {problem.Message}", problem);
        }
        // The PC's RAM is its only backed memory, so the two sizes agree in every file 'run --save-at' writes.
        if (snapshot.MemoryBytes != memoryBytes)
            throw new SnapshotException($"{what} is unusable: its header names {memoryBytes} bytes of RAM, but the snapshot's machine has {snapshot.MemoryBytes}");
        return (memoryBytes, snapshot);
    }

    /// <summary>A problem <see cref="Vm.Restore(VmSnapshot)"/> found in the VM snapshot, said of the whole file.</summary>
    public static SnapshotException Unusable(string what, SnapshotException problem) =>
        // The runtime's offsets count from the VM snapshot, which starts after this header.
        new($"{what} is unusable: {problem.Message} (offsets after the {HeaderSize}-byte header)", problem);

    private static ulong ReadHeader(Stream stream, string what)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        int read;
        try
        {
            read = stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        }
        catch (IOException exception)
        {
            throw new SnapshotException($"{what} is unusable: its header cannot be read: {exception.Message}", exception);
        }
        var memoryBytes = BinaryPrimitives.ReadUInt64LittleEndian(header[10..]);
        var problem = read < HeaderSize ? $"it has {read} bytes, fewer than the {HeaderSize}-byte header"
            : !header[..8].SequenceEqual(Magic) ? "it does not start with HVDSLRUN; it was not written by 'hvdsl run --save-at'"
            : !SHA256.HashData(header[..HashedSize]).AsSpan(0, 8).SequenceEqual(header[HashedSize..]) ? "its header checksum does not match"
            : BinaryPrimitives.ReadUInt16LittleEndian(header[8..]) is var version and not Version ? $"its header is version {version}; this hvdsl reads version {Version}"
            : MemoryProblem(memoryBytes);
        if (problem is not null) throw new SnapshotException($"{what} is unusable: {problem}");
        return memoryBytes;
    }

    // Checked before the machine is built: the RAM size is the one number the host allocates by.
    private static string? MemoryProblem(ulong memoryBytes)
    {
        if (!GuestRamSize.IsValid(memoryBytes))
            return $"its header names 0x{memoryBytes:X} bytes of RAM, not a whole number of 4 KiB pages from 1 MiB to 64 GiB";
        return GuestRamSize.FitsHost(memoryBytes) ? null : $"its header names {memoryBytes} bytes of RAM, more than this host's {PhysicalMemory.HostLimit}";
    }
}
