using System.Collections.Generic;
using System.Text;

namespace HvDsl.Machines.Pc.Demos;

/// <summary>A guest's data section: strings and tables appended at known addresses for the code to name.</summary>
internal sealed class DataBlock(ulong address)
{
    private readonly List<byte> _bytes = [];

    /// <summary>Where the block starts in guest memory.</summary>
    public ulong Address { get; } = address;

    /// <summary>The block's contents so far.</summary>
    public byte[] Bytes => [.. _bytes];

    /// <summary>Appends ASCII <paramref name="text"/>; returns its address and length for a print loop.</summary>
    public GuestString String(string text)
    {
        var at = Here;
        _bytes.AddRange(Encoding.ASCII.GetBytes(text));
        return new GuestString((uint)at, (uint)text.Length);
    }

    /// <summary>Appends <paramref name="bytes"/> at the next multiple of <paramref name="alignment"/>; returns their address.</summary>
    public uint Add(byte[] bytes, int alignment = 8)
    {
        while (_bytes.Count % alignment != 0) _bytes.Add(0);
        var at = Here;
        _bytes.AddRange(bytes);
        return (uint)at;
    }

    /// <summary>Reserves <paramref name="count"/> zero bytes aligned to <paramref name="alignment"/>; returns their address.</summary>
    public uint Reserve(int count, int alignment = 8) => Add(new byte[count], alignment);

    /// <summary>Replaces bytes already reserved at <paramref name="at"/> (tables that need other addresses first).</summary>
    public void Overwrite(uint at, byte[] bytes)
    {
        var offset = (int)(at - Address);
        for (var i = 0; i < bytes.Length; i++) _bytes[offset + i] = bytes[i];
    }

    private ulong Here => Address + (ulong)_bytes.Count;
}

/// <summary>A string in guest memory.</summary>
internal readonly record struct GuestString(uint Address, uint Length);
