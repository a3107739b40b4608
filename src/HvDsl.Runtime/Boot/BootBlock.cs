using System;
using System.Buffers.Binary;
using System.Text;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// Boot structures laid out in one block: parts are added at offsets, the block is placed, then pointers between the
/// parts are filled in from the block's address.
/// </summary>
internal sealed class BootBlock
{
    private byte[] _bytes = new byte[512];

    /// <summary>Bytes used so far.</summary>
    public int Length { get; private set; }

    /// <summary>Adds <paramref name="size"/> zero bytes aligned to <paramref name="align"/> and returns their offset.</summary>
    public int Reserve(int size, int align)
    {
        var at = (Length + align - 1) & -align;
        if (at + size > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, at + size));
        Length = at + size;
        return at;
    }

    /// <summary>Adds <paramref name="data"/> aligned to <paramref name="align"/> and returns its offset.</summary>
    public int Add(ReadOnlySpan<byte> data, int align)
    {
        var at = Reserve(data.Length, align);
        data.CopyTo(_bytes.AsSpan(at));
        return at;
    }

    /// <summary>Adds <paramref name="text"/> as a zero-terminated UTF-8 string and returns its offset.</summary>
    public int AddString(string text)
    {
        var at = Reserve(Encoding.UTF8.GetByteCount(text) + 1, 1);
        Encoding.UTF8.GetBytes(text, _bytes.AsSpan(at));
        return at;
    }

    /// <summary>The bytes from <paramref name="offset"/> on, to fill in.</summary>
    public Span<byte> At(int offset) => _bytes.AsSpan(offset, Length - offset);

    public void U8(int offset, byte value) => _bytes[offset] = value;

    public void U16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(offset), value);

    public void U32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(offset), value);

    public void U64(int offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan(offset), value);

    /// <summary>Plans the block into <paramref name="layout"/> at <paramref name="address"/>.</summary>
    public void WriteTo(BootLayout layout, ulong address) => layout.Write(address, _bytes, 0, Length);
}
