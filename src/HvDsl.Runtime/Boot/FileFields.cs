using System;
using System.Buffers.Binary;

namespace HvDsl.Runtime.Boot;

/// <summary>Little-endian fields of a boot file, read at offsets the caller has checked against its length.</summary>
internal static class FileFields
{
    public static ushort U16(byte[] bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));

    public static uint U32(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    public static ulong U64(byte[] bytes, int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at));
}
