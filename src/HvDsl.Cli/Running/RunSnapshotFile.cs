using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using HvDsl.Runtime;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Running;

/// <summary>
/// The file <c>hvdsl run --save-at</c> writes and <c>hvdsl resume</c> reads (and the bytes a migration carries): a small header with what the CLI needs to
/// build the same PC (the RAM size), then the VM snapshot as <see cref="Vm.Save"/> writes it.
/// </summary>
/// <remarks>
/// Header (26 bytes): the magic <c>HVDSLRUN</c>, a little-endian u16 version, a u64 RAM size, and the first 8 bytes of the
/// SHA-256 of those 18 bytes. The VM snapshot after it carries its own checksum.
/// </remarks>
internal static class RunSnapshotFile
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

    /// <summary>Opens <paramref name="path"/>, checks its header and returns the RAM size and the stream positioned at the VM snapshot.</summary>
    /// <exception cref="SnapshotException">The file is missing, unreadable, or its header is not a valid one.</exception>
    public static (ulong MemoryBytes, Stream Snapshot) Open(string path)
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
        try
        {
            return (ReadHeader(file, $"snapshot {path}"), file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Checks the header at the start of <paramref name="stream"/> and returns the RAM size; the stream is left at the VM snapshot.</summary>
    /// <param name="stream">The header and snapshot.</param>
    /// <param name="what">How messages name the stream, e.g. <c>snapshot FILE</c>.</param>
    /// <exception cref="SnapshotException">The header is short, foreign, corrupt or of another version.</exception>
    public static ulong ReadHeader(Stream stream, string what)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        var read = stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        var problem = read < HeaderSize ? $"it has {read} bytes, fewer than the {HeaderSize}-byte header"
            : !header[..8].SequenceEqual(Magic) ? "it does not start with HVDSLRUN; it was not written by 'hvdsl run --save-at'"
            : !SHA256.HashData(header[..HashedSize]).AsSpan(0, 8).SequenceEqual(header[HashedSize..]) ? "its header checksum does not match"
            : BinaryPrimitives.ReadUInt16LittleEndian(header[8..]) is var version and not Version ? $"its header is version {version}; this hvdsl reads version {Version}"
            : null;
        if (problem is not null) throw new SnapshotException($"{what} is unusable: {problem}");
        return BinaryPrimitives.ReadUInt64LittleEndian(header[10..]);
    }
}
