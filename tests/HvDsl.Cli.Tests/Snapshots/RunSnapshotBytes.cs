using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Tests.Snapshots;

/// <summary>Edits a <c>--save-at</c> file by its documented layout and makes both its checksums right again.</summary>
internal static class RunSnapshotBytes
{
    /// <summary>The machine the reference PC's snapshots name.</summary>
    public static readonly SnapshotMachine Pc = SnapshotMachine.Of(typeof(PcMachine));

    /// <summary>Bytes of the header <c>run</c> writes for the reference PC before the VM snapshot.</summary>
    public static readonly int HeaderSize = 28 + Encoding.UTF8.GetByteCount(Pc.Name) + Encoding.UTF8.GetByteCount(Pc.Version);

    /// <summary>Bytes of a version 1 header, which names no machine.</summary>
    public const int FirstVersionHeaderSize = 26;

    /// <summary>The offset of the payload of the VM snapshot's section <paramref name="tag"/> (e.g. <c>CLCK</c>).</summary>
    public static int Section(byte[] file, string tag)
    {
        var wanted = BinaryPrimitives.ReadUInt32LittleEndian(Encoding.ASCII.GetBytes(tag));
        for (var at = HeaderOf(file) + 10; at < file.Length - 32; at += 12 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at + 4)))
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) == wanted) return at + 12;
        }
        throw new ArgumentException($"no section {tag}");
    }

    /// <summary>A version 2 header for <paramref name="memoryBytes"/> of RAM made on <paramref name="machine"/> (the PC when null), with its checksum, followed by <paramref name="body"/>.</summary>
    public static byte[] WithHeader(ulong memoryBytes, ReadOnlySpan<byte> body, SnapshotMachine? machine = null)
    {
        var name = Encoding.UTF8.GetBytes((machine ?? Pc).Name);
        var version = Encoding.UTF8.GetBytes((machine ?? Pc).Version);
        var header = 28 + name.Length + version.Length;
        var file = Start(header + body.Length, 2, memoryBytes);
        file[18] = (byte)name.Length;
        name.CopyTo(file, 19);
        file[19 + name.Length] = (byte)version.Length;
        version.CopyTo(file, 20 + name.Length);
        body.CopyTo(file.AsSpan(header));
        return Rechecksum(file);
    }

    /// <summary>A version 1 header (no machine) for <paramref name="memoryBytes"/> of RAM, with its checksum, followed by <paramref name="body"/>.</summary>
    public static byte[] WithFirstVersionHeader(ulong memoryBytes, ReadOnlySpan<byte> body)
    {
        var file = Start(FirstVersionHeaderSize + body.Length, 1, memoryBytes);
        body.CopyTo(file.AsSpan(FirstVersionHeaderSize));
        return Rechecksum(file);
    }

    /// <summary><paramref name="file"/> with the header's and the VM snapshot's checksums recomputed, in place.</summary>
    public static byte[] Rechecksum(byte[] file)
    {
        var header = HeaderOf(file);
        SHA256.HashData(file.AsSpan(0, header - 8))[..8].CopyTo(file.AsSpan(header - 8));
        if (file.Length >= header + 32)
            SHA256.HashData(file.AsSpan(header, file.Length - header - 32)).CopyTo(file.AsSpan(file.Length - 32));
        return file;
    }

    /// <summary>The size of <paramref name="file"/>'s header, by its version.</summary>
    public static int HeaderOf(byte[] file)
    {
        if (BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)) == 1) return FirstVersionHeaderSize;
        var name = file[18];
        return 28 + name + file[19 + name];
    }

    private static byte[] Start(int length, ushort version, ulong memoryBytes)
    {
        var file = new byte[length];
        "HVDSLRUN"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), version);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(10), memoryBytes);
        return file;
    }
}
