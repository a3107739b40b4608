using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace HvDsl.Runtime.Tests.Boot;

/// <summary>Builds small x86 ELF32/ELF64 executables: PT_LOAD segments and PT_NOTE notes, laid out after the program headers.</summary>
internal sealed class ElfBuilder(bool is64)
{
    private readonly List<(uint Type, ulong Virtual, ulong Physical, byte[] Bytes, ulong MemorySize)> _segments = [];

    /// <summary>e_entry.</summary>
    public ulong Entry { get; set; }

    public int HeaderSize => is64 ? 64 : 52;

    public int ProgramHeaderSize => is64 ? 56 : 32;

    /// <summary>A PT_LOAD of <paramref name="bytes"/> at <paramref name="physical"/> (and <paramref name="virtualAddress"/>, default the same) with <paramref name="memorySize"/> bytes in memory (default the file bytes).</summary>
    public ElfBuilder Load(ulong physical, byte[] bytes, ulong memorySize = 0, ulong? virtualAddress = null)
    {
        _segments.Add((1, virtualAddress ?? physical, physical, bytes, Math.Max(memorySize, (ulong)bytes.Length)));
        return this;
    }

    /// <summary>A PT_NOTE holding one note.</summary>
    public ElfBuilder Note(string name, uint type, byte[] descriptor)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        var note = new byte[12 + Align4(nameBytes.Length) + Align4(descriptor.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(note, (uint)nameBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(4), (uint)descriptor.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(note.AsSpan(8), type);
        nameBytes.CopyTo(note, 12);
        descriptor.CopyTo(note, 12 + Align4(nameBytes.Length));
        _segments.Add((4, 0, 0, note, (ulong)note.Length));
        return this;
    }

    /// <summary>The file offset where segment <paramref name="index"/>'s bytes start.</summary>
    public int DataOffset(int index)
    {
        var at = HeaderSize + ProgramHeaderSize * _segments.Count;
        for (var i = 0; i < index; i++)
            at += Align16(_segments[i].Bytes.Length);
        return Align16(at);
    }

    public byte[] Build()
    {
        var file = new byte[DataOffset(_segments.Count) + 16];
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }.CopyTo(file, 0);
        file[4] = (byte)(is64 ? 2 : 1);
        file[5] = 1;
        file[6] = 1;
        U16(file, 0x10, 2);
        U16(file, 0x12, (ushort)(is64 ? 62 : 3));
        U32(file, 0x14, 1);
        if (is64)
        {
            U64(file, 0x18, Entry);
            U64(file, 0x20, (ulong)HeaderSize);
            U16(file, 0x34, (ushort)HeaderSize);
            U16(file, 0x36, (ushort)ProgramHeaderSize);
            U16(file, 0x38, (ushort)_segments.Count);
        }
        else
        {
            U32(file, 0x18, (uint)Entry);
            U32(file, 0x1C, (uint)HeaderSize);
            U16(file, 0x28, (ushort)HeaderSize);
            U16(file, 0x2A, (ushort)ProgramHeaderSize);
            U16(file, 0x2C, (ushort)_segments.Count);
        }
        for (var i = 0; i < _segments.Count; i++)
        {
            var (type, virtualAddress, physical, bytes, memory) = _segments[i];
            var header = HeaderSize + i * ProgramHeaderSize;
            var data = DataOffset(i);
            bytes.CopyTo(file, data);
            if (is64)
            {
                U32(file, header, type);
                U64(file, header + 8, (ulong)data);
                U64(file, header + 16, virtualAddress);
                U64(file, header + 24, physical);
                U64(file, header + 32, (ulong)bytes.Length);
                U64(file, header + 40, memory);
            }
            else
            {
                U32(file, header, type);
                U32(file, header + 4, (uint)data);
                U32(file, header + 8, (uint)virtualAddress);
                U32(file, header + 12, (uint)physical);
                U32(file, header + 16, (uint)bytes.Length);
                U32(file, header + 20, (uint)memory);
            }
        }
        return file;
    }

    private static int Align4(int value) => (value + 3) & ~3;

    private static int Align16(int value) => (value + 15) & ~15;

    public static void U16(byte[] b, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(at), value);

    public static void U32(byte[] b, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(at), value);

    public static void U64(byte[] b, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), value);
}
