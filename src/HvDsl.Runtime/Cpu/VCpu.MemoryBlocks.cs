using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.State;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The largest block one access moves (a page): FXSAVE's 512 bytes and FSAVE's 108 fit, and a block spans at most two pages.</summary>
    internal const int MaxBlockBytes = 4096;

    /// <summary>
    /// Reads <paramref name="destination"/>'s length of bytes through a segment, with the segment, alignment and paging
    /// checks of one access; false with a pending fault or exit, and then no byte of <paramref name="destination"/> is meaningful.
    /// </summary>
    /// <param name="segment">Segment register index (ES..GS).</param>
    /// <param name="offset">Offset in the segment.</param>
    /// <param name="destination">Where the bytes go, at most <see cref="MaxBlockBytes"/>.</param>
    /// <param name="alignment">Required alignment of the linear address (a power of two); a misaligned block raises #GP(0).</param>
    internal bool ReadBlock(int segment, ulong offset, Span<byte> destination, int alignment = 1)
    {
        if (!BlockPages(segment, offset, destination.Length, alignment, write: false, out var first, out var second, out var split))
            return false;
        return ReadPhysicalBlock(first, destination[..split]) && (split == destination.Length || ReadPhysicalBlock(second, destination[split..]));
    }

    /// <summary>
    /// Writes <paramref name="source"/> through a segment, with the checks of one access: every page is translated for
    /// writing before the first byte lands, so a fault leaves memory as it was.
    /// </summary>
    /// <param name="segment">Segment register index (ES..GS).</param>
    /// <param name="offset">Offset in the segment.</param>
    /// <param name="source">The bytes, at most <see cref="MaxBlockBytes"/>.</param>
    /// <param name="alignment">Required alignment of the linear address (a power of two); a misaligned block raises #GP(0).</param>
    internal bool WriteBlock(int segment, ulong offset, ReadOnlySpan<byte> source, int alignment = 1)
    {
        if (!BlockPages(segment, offset, source.Length, alignment, write: true, out var first, out var second, out var split))
            return false;
        return WritePhysicalBlock(first, source[..split]) && (split == source.Length || WritePhysicalBlock(second, source[split..]));
    }

    // crossgen2 cannot precompile methods taking UInt128: these two hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>Reads 16 bytes through a segment (the TLB fast path when they lie in one cached page); <paramref name="aligned"/> demands a 16-byte boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool Read128(int segment, ulong offset, bool aligned, out UInt128 value)
    {
        if (SegmentLinear(segment, offset, 16, write: false, out var linear) && (!aligned || (linear & 15) == 0))
        {
            var page = linear >> 12;
            var index = (int)page & (TlbSize - 1);
            if (_readTag[index] == ((page << 1) | _userTag) && (linear & 0xFFF) <= 4096 - 16)
            {
                value = Unsafe.ReadUnaligned<UInt128>((byte*)_readHost[index] + (linear & 0xFFF));
                return true;
            }
        }
        Span<byte> bytes = stackalloc byte[16];
        var ok = ReadBlock(segment, offset, bytes, aligned ? 16 : 1);
        value = BinaryPrimitives.ReadUInt128LittleEndian(bytes);
        return ok;
    }

    /// <summary>Writes 16 bytes through a segment; <paramref name="aligned"/> demands a 16-byte boundary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool Write128(int segment, ulong offset, UInt128 value, bool aligned)
    {
        if (SegmentLinear(segment, offset, 16, write: true, out var linear) && (!aligned || (linear & 15) == 0))
        {
            var page = linear >> 12;
            var index = (int)page & (TlbSize - 1);
            if (_writeTag[index] == ((page << 1) | _userTag) && (linear & 0xFFF) <= 4096 - 16)
            {
                Unsafe.WriteUnaligned((byte*)_writeHost[index] + (linear & 0xFFF), value);
                return true;
            }
            if ((_state.Dr7 & Dr7Enables) == 0 && SecondLevelWriteTarget(linear, 16, _userTag != 0) is var target && target != null)
            {
                Unsafe.WriteUnaligned(target, value);
                return true;
            }
        }
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128LittleEndian(bytes, value);
        return WriteBlock(segment, offset, bytes, aligned ? 16 : 1);
    }

    /// <summary>Reads an 80-bit x87 value (significand first, then sign and exponent) through a segment.</summary>
    internal bool Read80(int segment, ulong offset, out X87Register value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var ok = ReadBlock(segment, offset, bytes);
        value = new X87Register { Significand = BinaryPrimitives.ReadUInt64LittleEndian(bytes), SignExponent = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]) };
        return ok;
    }

    /// <summary>Writes an 80-bit x87 value through a segment, all ten bytes or none.</summary>
    internal bool Write80(int segment, ulong offset, in X87Register value)
    {
        Span<byte> bytes = stackalloc byte[10];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value.Significand);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[8..], value.SignExponent);
        return WriteBlock(segment, offset, bytes);
    }

    /// <summary>
    /// The segment, canonical, alignment and paging checks of a block access, in the processor's order; on success the
    /// physical address of its first byte, of the start of its second page, and how many bytes lie in the first page.
    /// </summary>
    private bool BlockPages(int segment, ulong offset, int length, int alignment, bool write, out ulong first, out ulong second, out int split)
    {
        if ((uint)length - 1 >= MaxBlockBytes)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A block access moves 1 to {MaxBlockBytes} bytes.");
        first = second = 0;
        split = length;
        // The last byte is checked too: in long mode a block may run past the canonical boundary.
        if (!SegmentLinear(segment, offset, length, write, out var linear) || !SegmentLinear(segment, offset + (ulong)length - 1, 1, write, out var lastLinear))
            return false;
        if ((linear & (ulong)(alignment - 1)) != 0)
            return Gp0();
        var access = (write ? PageAccess.Write : PageAccess.None) | (_userTag != 0 ? PageAccess.User : PageAccess.None);
        // Both pages translate before any byte moves, so a #PF on the second leaves nothing half done.
        if (!Translate(linear, access, out first) || !Translate(lastLinear, access, out var last))
            return false;
        if ((lastLinear >> 12) != (linear >> 12))
        {
            split = (int)(4096 - (linear & 0xFFF));
            second = last & ~0xFFFUL;
        }
        return true;
    }

    /// <summary>Reads bytes within one physical page: RAM and ROM by copy, an MMIO device or exit eight bytes at a time.</summary>
    private bool ReadPhysicalBlock(ulong phys, Span<byte> destination)
    {
        var host = Memory.PagePointer(phys, write: false);
        if (host != null)
        {
            new ReadOnlySpan<byte>(host + (phys & 0xFFF), destination.Length).CopyTo(destination);
            return true;
        }
        for (var done = 0; done < destination.Length; done += 8)
        {
            var size = Math.Min(8, destination.Length - done);
            if (!ReadPhysicalSlow(phys + (ulong)done, size, out var value))
                return false;
            for (var i = 0; i < size; i++)
                destination[done + i] = (byte)(value >> (i * 8));
        }
        return true;
    }

    /// <summary>Writes bytes within one physical page: RAM by copy (noting code it overwrites), ROM dropped, an MMIO device or exit eight bytes at a time.</summary>
    private bool WritePhysicalBlock(ulong phys, ReadOnlySpan<byte> source)
    {
        var host = Memory.PagePointer(phys, write: true);
        if (host != null)
        {
            source.CopyTo(new Span<byte>(host + (phys & 0xFFF), source.Length));
            NoteCodeWrite(phys, source.Length);
            return true;
        }
        for (var done = 0; done < source.Length; done += 8)
        {
            var size = Math.Min(8, source.Length - done);
            var value = 0UL;
            for (var i = 0; i < size; i++)
                value |= (ulong)source[done + i] << (i * 8);
            if (!WritePhysicalSlow(phys + (ulong)done, size, value))
                return false;
        }
        return true;
    }
}
