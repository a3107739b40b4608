using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace HvDsl.Cli.Tests.Snapshots;

/// <summary>Edits a <c>--save-at</c> file by its documented layout and makes both its checksums right again.</summary>
internal static class RunSnapshotBytes
{
    /// <summary>Bytes of the CLI header before the VM snapshot.</summary>
    public const int HeaderSize = 26;

    /// <summary>The offset of the payload of the VM snapshot's section <paramref name="tag"/> (e.g. <c>CLCK</c>).</summary>
    public static int Section(byte[] file, string tag)
    {
        var wanted = BinaryPrimitives.ReadUInt32LittleEndian(Encoding.ASCII.GetBytes(tag));
        for (var at = HeaderSize + 10; at < file.Length - 32; at += 12 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at + 4)))
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at)) == wanted) return at + 12;
        }
        throw new ArgumentException($"no section {tag}");
    }

    /// <summary>A header for <paramref name="memoryBytes"/> of RAM, with its checksum, followed by <paramref name="body"/>.</summary>
    public static byte[] WithHeader(ulong memoryBytes, ReadOnlySpan<byte> body)
    {
        var file = new byte[HeaderSize + body.Length];
        "HVDSLRUN"u8.CopyTo(file);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(10), memoryBytes);
        body.CopyTo(file.AsSpan(HeaderSize));
        return Rechecksum(file);
    }

    /// <summary><paramref name="file"/> with the header's and the VM snapshot's checksums recomputed, in place.</summary>
    public static byte[] Rechecksum(byte[] file)
    {
        SHA256.HashData(file.AsSpan(0, 18))[..8].CopyTo(file.AsSpan(18));
        if (file.Length >= HeaderSize + 32)
            SHA256.HashData(file.AsSpan(HeaderSize, file.Length - HeaderSize - 32)).CopyTo(file.AsSpan(file.Length - 32));
        return file;
    }
}
