using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using HvDsl.Runtime.Machines;
using HvDsl.Runtime.Memory;

namespace HvDsl.Runtime.Snapshots;

/// <summary>
/// The file <c>hvdsl run --save-at</c> writes and <c>hvdsl resume</c> reads (and the bytes a migration carries): a small header with what a host needs to
/// build the same machine before restoring (which machine, its RAM size), then the VM snapshot as <see cref="Vm.Save"/> writes it.
/// </summary>
/// <remarks>
/// Header, version 2: the magic <c>HVDSLRUN</c>, a little-endian u16 version, a u64 RAM size, the machine's type name and version
/// (each a u8 byte count and UTF-8 bytes), and the first 8 bytes of the SHA-256 of everything before them. Version 1 (26 bytes) has no
/// machine fields and is still read. The VM snapshot after the header carries its own checksum.
/// </remarks>
public static class RunSnapshotFile
{
    private const ushort Version = 2;
    private const ushort FirstVersion = 1;
    private const int FixedSize = 18;
    private const int HashSize = 8;

    /// <summary>Bytes of a version 1 header, the smallest there is.</summary>
    public const int FirstVersionHeaderSize = FixedSize + HashSize;

    private static ReadOnlySpan<byte> Magic => "HVDSLRUN"u8;

    /// <summary>Writes the header for <paramref name="memoryBytes"/> and <paramref name="machine"/>'s board, and the snapshot of its VM, to <paramref name="path"/>.</summary>
    /// <exception cref="SnapshotException">The file cannot be created or written.</exception>
    public static void Write(string path, ulong memoryBytes, IMachine machine)
    {
        try
        {
            using var file = File.Create(path);
            WriteTo(file, memoryBytes, machine.Vm, SnapshotMachine.Of(machine));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SnapshotException($"cannot write snapshot {path}: {exception.Message}", exception);
        }
    }

    /// <summary>Writes the header for <paramref name="memoryBytes"/> and <paramref name="machine"/>, and the snapshot of <paramref name="vm"/>, to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">The machine's name or version is longer than 255 UTF-8 bytes.</exception>
    public static void WriteTo(Stream stream, ulong memoryBytes, Vm vm, SnapshotMachine machine)
    {
        var name = Field(machine.Name, nameof(machine));
        var version = Field(machine.Version, nameof(machine));
        var header = new byte[FixedSize + 2 + name.Length + version.Length + HashSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(10), memoryBytes);
        header[FixedSize] = (byte)name.Length;
        name.CopyTo(header, FixedSize + 1);
        header[FixedSize + 1 + name.Length] = (byte)version.Length;
        version.CopyTo(header, FixedSize + 2 + name.Length);
        SHA256.HashData(header.AsSpan(0, header.Length - HashSize))[..HashSize].CopyTo(header.AsSpan(header.Length - HashSize));
        stream.Write(header);
        vm.Save(stream);
    }

    private static byte[] Field(string text, string parameter)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= byte.MaxValue ? bytes : throw new ArgumentException($"machine field '{text}' is longer than 255 UTF-8 bytes", parameter);
    }

    /// <summary>Reads the file at <paramref name="path"/>: its header, then the VM snapshot, bounded by the RAM size the header names.</summary>
    /// <exception cref="SnapshotException">The file is missing, unreadable, too large for its RAM size, or its header or checksum is bad.</exception>
    public static RunSnapshot Load(string path)
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
    public static RunSnapshot Read(Stream stream, string what)
    {
        var (memoryBytes, machine, headerSize) = ReadHeader(stream, what);
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
        return new RunSnapshot(memoryBytes, snapshot) { Machine = machine, HeaderSize = headerSize };
    }

    /// <summary>A problem <see cref="Vm.Restore(VmSnapshot)"/> found in the VM snapshot of <paramref name="file"/>, said of the whole file.</summary>
    public static SnapshotException Unusable(string what, RunSnapshot file, SnapshotException problem) =>
        // The runtime's offsets count from the VM snapshot, which starts after this header.
        new($"{what} is unusable: {problem.Message} (offsets after the {file.HeaderSize}-byte header)", problem);

    private static (ulong MemoryBytes, SnapshotMachine? Machine, int HeaderSize) ReadHeader(Stream stream, string what)
    {
        var header = new byte[FixedSize + 2 * (1 + byte.MaxValue) + HashSize];
        var read = Fill(stream, header.AsSpan(0, FixedSize), what);
        var version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8));
        var problem = read < FixedSize ? $"it has {read} bytes, fewer than the {FirstVersionHeaderSize}-byte header"
            : !header.AsSpan(0, 8).SequenceEqual(Magic) ? "it does not start with HVDSLRUN; it was not written by 'hvdsl run --save-at'"
            : version is not (Version or FirstVersion) ? $"its header is version {version}; this hvdsl reads versions {FirstVersion} and {Version}"
            : null;
        if (problem is not null) throw new SnapshotException($"{what} is unusable: {problem}");
        var size = FixedSize;
        SnapshotMachine? machine = null;
        if (version == Version)
        {
            var name = ReadField(stream, header, ref size, what);
            var made = ReadField(stream, header, ref size, what);
            machine = name is null || made is null ? null : new SnapshotMachine(name, made);
        }
        read = Fill(stream, header.AsSpan(size, HashSize), what);
        var memoryBytes = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(10));
        problem = read < HashSize ? $"it ends inside its {size + HashSize}-byte header"
            : !SHA256.HashData(header.AsSpan(0, size)).AsSpan(0, HashSize).SequenceEqual(header.AsSpan(size, HashSize)) ? "its header checksum does not match"
            : version == Version && machine is null ? "its header's machine name is not UTF-8"
            : MemoryProblem(memoryBytes);
        if (problem is not null) throw new SnapshotException($"{what} is unusable: {problem}");
        return (memoryBytes, machine, size + HashSize);
    }

    /// <summary>One u8-counted UTF-8 field at <paramref name="size"/> in <paramref name="header"/>, or null if it is not UTF-8 (the checksum is checked first).</summary>
    private static string? ReadField(Stream stream, byte[] header, ref int size, string what)
    {
        if (Fill(stream, header.AsSpan(size, 1), what) < 1)
            throw new SnapshotException($"{what} is unusable: it ends inside its header, at byte {size}");
        var length = header[size++];
        if (Fill(stream, header.AsSpan(size, length), what) < length)
            throw new SnapshotException($"{what} is unusable: it ends inside its header, at byte {size}");
        var field = header.AsSpan(size, length);
        size += length;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(field);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static int Fill(Stream stream, Span<byte> buffer, string what)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (IOException exception)
        {
            throw new SnapshotException($"{what} is unusable: its header cannot be read: {exception.Message}", exception);
        }
    }

    // Checked before the machine is built: the RAM size is the one number the host allocates by.
    private static string? MemoryProblem(ulong memoryBytes)
    {
        if (!GuestRamSize.IsValid(memoryBytes))
            return $"its header names 0x{memoryBytes:X} bytes of RAM, not a whole number of 4 KiB pages from 1 MiB to 64 GiB";
        return GuestRamSize.FitsHost(memoryBytes) ? null : $"its header names {memoryBytes} bytes of RAM, more than this host's {PhysicalMemory.HostLimit}";
    }
}
