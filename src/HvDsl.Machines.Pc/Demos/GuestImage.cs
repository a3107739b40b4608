using System;
using System.IO;
using Iced.Intel;

namespace HvDsl.Machines.Pc.Demos;

/// <summary>
/// A flat guest image laid out like a tiny linker script: each section (code assembled with Iced, or data) goes at a
/// fixed guest-physical address, so sections written in different bitnesses can name each other by number.
/// </summary>
internal sealed class GuestImage(ulong loadAddress)
{
    private readonly MemoryStream _bytes = new();

    /// <summary>Assembles <paramref name="assembler"/>'s code at <paramref name="address"/> and places it there.</summary>
    public void Code(ulong address, Assembler assembler)
    {
        var code = new MemoryStream();
        assembler.Assemble(new StreamCodeWriter(code), address);
        Place(address, code.ToArray());
    }

    /// <summary>Places <paramref name="bytes"/> at <paramref name="address"/>; sections may not overlap.</summary>
    public void Place(ulong address, ReadOnlySpan<byte> bytes)
    {
        var offset = checked((long)(address - loadAddress));
        // Sections go in address order, so an overlap means a section outgrew the room its layout gave it.
        if (offset < _bytes.Length) throw new InvalidOperationException($"section at 0x{address:X} overlaps the one before it");
        _bytes.SetLength(offset);
        _bytes.Position = offset;
        _bytes.Write(bytes);
    }

    /// <summary>The image, to be loaded at the load address.</summary>
    public byte[] ToArray() => _bytes.ToArray();
}
