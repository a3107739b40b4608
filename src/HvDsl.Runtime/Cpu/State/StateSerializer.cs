using System;
using System.IO;

namespace HvDsl.Runtime.Cpu.State;

/// <summary>Writes each field of <see cref="ArchitecturalState"/> little-endian, in <see cref="ArchitecturalState.Transfer{T}"/> order.</summary>
internal readonly struct StateWriter(BinaryWriter writer) : IStateTransfer
{
    public void Field(ref ulong value) => writer.Write(value);

    public void Field(ref uint value) => writer.Write(value);

    public void Field(ref ushort value) => writer.Write(value);

    public void Field(ref byte value) => writer.Write(value);

    public void Field(ref bool value) => writer.Write(value);

    public void Field(ref UInt128 value)
    {
        writer.Write((ulong)value);
        writer.Write((ulong)(value >> 64));
    }

    public void Field(ref string? value) => writer.Write(value ?? "");
}

/// <summary>Reads each field of <see cref="ArchitecturalState"/> in the order <see cref="StateWriter"/> wrote it.</summary>
internal readonly struct StateReader(BinaryReader reader) : IStateTransfer
{
    public void Field(ref ulong value) => value = reader.ReadUInt64();

    public void Field(ref uint value) => value = reader.ReadUInt32();

    public void Field(ref ushort value) => value = reader.ReadUInt16();

    public void Field(ref byte value) => value = reader.ReadByte();

    public void Field(ref bool value) => value = reader.ReadBoolean();

    public void Field(ref UInt128 value)
    {
        var low = reader.ReadUInt64();
        value = new UInt128(reader.ReadUInt64(), low);
    }

    public void Field(ref string? value)
    {
        var text = reader.ReadString();
        value = text.Length == 0 ? null : text;
    }
}
