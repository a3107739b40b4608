using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>ROL: CF = the bit rotated into bit 0; OF = new sign XOR CF; only CF and OF change.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rol(int size, ulong a, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return a;
        int bits = size << 3;
        int k = n & (bits - 1);
        ulong r = ((a << k) | (a >> (bits - k))) & Mask(size);   // k = 0 leaves a: the right shift is then by 64 (no-op) or out of range
        ulong cf = r & 1;
        Set(ref flags, RFlags.CF | RFlags.OF, cf | ((Msb(size, r) ^ cf) << 11));
        return r;
    }

    /// <summary>ROR: CF = the bit rotated into the sign; OF = the two top bits XORed; only CF and OF change.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Ror(int size, ulong a, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return a;
        int bits = size << 3;
        int k = n & (bits - 1);
        ulong r = ((a >> k) | (a << (bits - k))) & Mask(size);
        ulong cf = Msb(size, r);
        Set(ref flags, RFlags.CF | RFlags.OF, cf | ((cf ^ ((r >> (bits - 2)) & 1)) << 11));
        return r;
    }

    /// <summary>RCL: rotates CF:<paramref name="a"/> left; 8/16-bit counts are taken mod 9/17 after masking.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rcl(int size, ulong a, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return a;
        int bits = size << 3;
        int k = RotateThroughCarryCount(size, n);
        ulong cf = flags & RFlags.CF;
        ulong r = a;
        if (k != 0)
        {
            r = ((a << k) | (cf << (k - 1)) | (a >> 1 >> (bits - k))) & Mask(size);
            cf = (a >> (bits - k)) & 1;
        }
        Set(ref flags, RFlags.CF | RFlags.OF, cf | ((Msb(size, r) ^ cf) << 11));
        return r;
    }

    /// <summary>RCR: rotates <paramref name="a"/>:CF right; 8/16-bit counts are taken mod 9/17 after masking.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Rcr(int size, ulong a, ulong count, ref ulong flags)
    {
        int n = MaskCount(size, count);
        if (n == 0)
            return a;
        int bits = size << 3;
        int k = RotateThroughCarryCount(size, n);
        ulong cf = flags & RFlags.CF;
        ulong r = a;
        if (k != 0)
        {
            r = ((a >> k) | (cf << (bits - k)) | (a << 1 << (bits - k))) & Mask(size);
            cf = (a >> (k - 1)) & 1;
        }
        Set(ref flags, RFlags.CF | RFlags.OF, cf | ((Msb(size, r) ^ ((r >> (bits - 2)) & 1)) << 11));
        return r;
    }

    /// <summary>The rotation amount of RCL/RCR: the rotated value is one bit wider than the operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RotateThroughCarryCount(int size, int maskedCount) => size switch
    {
        1 => maskedCount % 9,
        2 => maskedCount % 17,
        _ => maskedCount,
    };
}
