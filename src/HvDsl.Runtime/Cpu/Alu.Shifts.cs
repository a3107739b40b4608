using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>The processor's mask for a shift or rotate count: 6 bits for 64-bit operands, else 5.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MaskCount(int size, ulong count) => (int)count & (size == 8 ? 63 : 31);

    /// <summary>AF after a shift by a non-zero count is undefined; AMD Zen sets it.</summary>
    private const ulong ShiftAuxiliary = RFlags.AF;

    /// <summary>SHL/SAL: CF is the last bit shifted out; OF = new sign XOR CF; a masked count of 0 changes nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Shl(int size, ulong a, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return a;
        ulong wide = a << (n - 1);   // the last bit to leave now sits in the sign position
        ulong cf = Msb(size, wide);
        ulong r = (wide << 1) & Mask(size);
        ulong of = Msb(size, r) ^ cf;
        Set(ref flags, RFlags.Arithmetic, cf | Szp(size, r) | (of << 11) | ShiftAuxiliary);
        return r;
    }

    /// <summary>SHR: CF is the last bit shifted out; OF = the original sign for count 1; a masked count of 0 changes nothing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Shr(int size, ulong a, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return a;
        ulong wide = a >> (n - 1);
        ulong r = wide >> 1;
        // OF is the sign change of the last one-bit step: the original sign for count 1, AMD Zen's 0 beyond.
        Set(ref flags, RFlags.Arithmetic, (wide & 1) | Szp(size, r) | (Msb(size, wide) << 11) | ShiftAuxiliary);
        return r;
    }

    /// <summary>SAR: shifts in copies of the sign; CF is the last bit shifted out; OF cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sar(int size, ulong a, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return a;
        long wide = SignExtend(size, a) >> (n - 1);
        ulong r = (ulong)(wide >> 1) & Mask(size);
        Set(ref flags, RFlags.Arithmetic, ((ulong)wide & 1) | Szp(size, r) | ShiftAuxiliary);
        return r;
    }

    /// <summary>SHLD: shifts <paramref name="dst"/> left, filling from the top of <paramref name="src"/>; CF is the last bit out of <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Shld(int size, ulong dst, ulong src, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return dst;
        int bits = size << 3;
        // A 16-bit count above 16 is undefined; AMD Zen shifts on through src and then src again (its CF and OF there are not modelled).
        (ulong shifted, ulong fill, int k) = n <= bits ? (dst, src, n) : (src, src, n - 16);
        ulong r = ((shifted << k) | (fill >> (bits - k))) & Mask(size);
        ulong cf = (shifted >> (bits - k)) & 1;
        ulong of = Msb(size, r) ^ cf;   // the sign change of the last one-bit step: defined for count 1, AMD Zen's value beyond
        Set(ref flags, RFlags.Arithmetic, cf | Szp(size, r) | (of << 11) | ShiftAuxiliary);
        return r;
    }

    /// <summary>SHRD: shifts <paramref name="dst"/> right, filling from the bottom of <paramref name="src"/>; CF is the last bit out of <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Shrd(int size, ulong dst, ulong src, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return dst;
        int bits = size << 3;
        (ulong shifted, ulong fill, int k) = n <= bits ? (dst, src, n) : (src, src, n - 16);   // as SHLD
        ulong r = ((shifted >> k) | (fill << (bits - k))) & Mask(size);
        ulong cf = (shifted >> (k - 1)) & 1;
        ulong of = Msb(size, r) ^ ((r >> (bits - 2)) & 1);   // the sign change of the last one-bit step, as for SHLD
        Set(ref flags, RFlags.Arithmetic, cf | Szp(size, r) | (of << 11) | ShiftAuxiliary);
        return r;
    }
}
