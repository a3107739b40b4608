using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>BT: CF = the selected bit; returns <paramref name="value"/> unchanged. The offset is masked to the operand width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bt(int size, ulong value, ulong bitOffset, ref ulong flags)
    {
        SetBitTestCarry(size, value, bitOffset, ref flags);
        return value;
    }

    /// <summary>BTS: CF = the selected bit, then sets it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bts(int size, ulong value, ulong bitOffset, ref ulong flags) =>
        value | SetBitTestCarry(size, value, bitOffset, ref flags);

    /// <summary>BTR: CF = the selected bit, then clears it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Btr(int size, ulong value, ulong bitOffset, ref ulong flags) =>
        value & ~SetBitTestCarry(size, value, bitOffset, ref flags);

    /// <summary>BTC: CF = the selected bit, then complements it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Btc(int size, ulong value, ulong bitOffset, ref ulong flags) =>
        value ^ SetBitTestCarry(size, value, bitOffset, ref flags);

    /// <summary>Copies the selected bit to CF and returns its mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SetBitTestCarry(int size, ulong value, ulong bitOffset, ref ulong flags)
    {
        int bit = (int)bitOffset & Top(size);
        Set(ref flags, RFlags.CF, (value >> bit) & 1);
        return 1UL << bit;
    }

    /// <summary>BSF: index of the lowest set bit, ZF cleared; for a zero source ZF is set and <paramref name="oldDst"/> returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bsf(int size, ulong src, ulong oldDst, ref ulong flags)
    {
        if (src == 0)
        {
            flags |= RFlags.ZF;
            return oldDst;
        }
        flags &= ~RFlags.ZF;
        return (ulong)BitOperations.TrailingZeroCount(src);
    }

    /// <summary>BSR: index of the highest set bit, ZF cleared; for a zero source ZF is set and <paramref name="oldDst"/> returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bsr(int size, ulong src, ulong oldDst, ref ulong flags)
    {
        if (src == 0)
        {
            flags |= RFlags.ZF;
            return oldDst;
        }
        flags &= ~RFlags.ZF;
        return (ulong)(63 - BitOperations.LeadingZeroCount(src));
    }

    /// <summary>POPCNT: the number of set bits; ZF = the source is zero, the other status flags cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Popcnt(int size, ulong src, ref ulong flags)
    {
        Set(ref flags, RFlags.Arithmetic, src == 0 ? RFlags.ZF : 0);
        return (ulong)BitOperations.PopCount(src);
    }

    /// <summary>LZCNT: leading zero bits within the operand size; CF = the source is zero, ZF = the result is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Lzcnt(int size, ulong src, ref ulong flags)
    {
        ulong r = (ulong)(BitOperations.LeadingZeroCount(src) - (64 - (size << 3)));
        Set(ref flags, RFlags.CF | RFlags.ZF, (src == 0 ? RFlags.CF : 0) | (r == 0 ? RFlags.ZF : 0));
        return r;
    }

    /// <summary>BSWAP: reverses the bytes of a 32- or 64-bit value; the undefined 16-bit form gives 0, as processors do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bswap(int size, ulong value) => size switch
    {
        8 => BinaryPrimitives.ReverseEndianness(value),
        4 => BinaryPrimitives.ReverseEndianness((uint)value),
        _ => 0,
    };
}
