using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>
    /// MUL: the unsigned double-width product; returns the low half and gives the high half in
    /// <paramref name="high"/>. CF = OF = the high half is not zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mul(int size, ulong a, ulong b, out ulong high, ref ulong flags)
    {
        ulong low;
        if (size == 8)
        {
            high = Math.BigMul(a, b, out low);
        }
        else
        {
            ulong product = a * b;   // at most 64 bits for 32-bit operands
            low = product & Mask(size);
            high = product >> (size << 3);
        }
        Set(ref flags, MultiplyWritten, high != 0 ? RFlags.CF | RFlags.OF : 0);
        return low;
    }

    /// <summary>
    /// IMUL, every form: the signed double-width product; returns the low half and gives the high
    /// half in <paramref name="high"/>. CF = OF = the product does not fit in the low half.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Imul(int size, ulong a, ulong b, out ulong high, ref ulong flags)
    {
        ulong low;
        bool fits;
        if (size == 8)
        {
            long signedHigh = Math.BigMul((long)a, (long)b, out long signedLow);
            low = (ulong)signedLow;
            high = (ulong)signedHigh;
            fits = signedHigh == signedLow >> 63;
        }
        else
        {
            long product = SignExtend(size, a) * SignExtend(size, b);
            low = (ulong)product & Mask(size);
            high = (ulong)(product >> (size << 3)) & Mask(size);
            fits = product == SignExtend(size, low);
        }
        Set(ref flags, MultiplyWritten, fits ? 0 : RFlags.CF | RFlags.OF);
        return low;
    }

    /// <summary>SF, ZF, AF and PF after a multiply are undefined; AMD Zen leaves them unchanged.</summary>
    private const ulong MultiplyWritten = RFlags.CF | RFlags.OF;

    /// <summary>
    /// DIV: <paramref name="high"/>:<paramref name="low"/> divided by <paramref name="divisor"/>
    /// (for size 1 the dividend is AH:AL). Returns false for #DE: a zero divisor or a quotient that
    /// does not fit in the operand size. Flags are undefined and left to the caller.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Div(int size, ulong high, ulong low, ulong divisor, out ulong quotient, out ulong remainder)
    {
        quotient = 0;
        remainder = 0;
        // The quotient fits exactly when the high half is below the divisor; this also rejects zero.
        if (high >= divisor)
            return false;
        if (size == 8)
        {
            if (high == 0)
            {
                (quotient, remainder) = Math.DivRem(low, divisor);
                return true;
            }
            UInt128 dividend = new(high, low);
            quotient = (ulong)(dividend / divisor);
            remainder = (ulong)(dividend % divisor);
            return true;
        }
        (quotient, remainder) = Math.DivRem((high << (size << 3)) | low, divisor);
        return true;
    }

    /// <summary>
    /// IDIV: signed <paramref name="high"/>:<paramref name="low"/> divided by <paramref name="divisor"/>,
    /// truncating towards zero; the remainder takes the dividend's sign. Returns false for #DE: a zero
    /// divisor or a quotient outside the signed operand range.
    /// </summary>
    public static bool Idiv(int size, ulong high, ulong low, ulong divisor, out ulong quotient, out ulong remainder)
    {
        quotient = 0;
        remainder = 0;
        if (divisor == 0)
            return false;
        long d = SignExtend(size, divisor);
        if (size == 8)
            return Idiv128(new Int128(high, low), d, out quotient, out remainder);
        int bits = size << 3;
        // The dividend is 2×size bytes, so it fits in a long for every size below 8.
        long dividend = size == 4 ? (long)((high << 32) | low) : SignExtend(size * 2, (high << bits) | low);
        if (dividend == long.MinValue && d == -1)
            return false;
        (long q, long r) = Math.DivRem(dividend, d);
        if (q != SignExtend(size, (ulong)q & Mask(size)))
            return false;
        quotient = (ulong)q & Mask(size);
        remainder = (ulong)r & Mask(size);
        return true;
    }

    private static bool Idiv128(Int128 dividend, long divisor, out ulong quotient, out ulong remainder)
    {
        quotient = 0;
        remainder = 0;
        if (dividend == Int128.MinValue && divisor == -1)
            return false;
        Int128 q = dividend / divisor;
        if (q < long.MinValue || q > long.MaxValue)
            return false;
        quotient = (ulong)(long)q;
        remainder = (ulong)(long)(dividend % divisor);
        return true;
    }
}
