using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>ADD: <paramref name="a"/> + <paramref name="b"/>; writes CF, PF, AF, ZF, SF, OF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(int size, ulong a, ulong b, ref ulong flags) => AddWithCarry(size, a, b, 0, ref flags);

    /// <summary>ADC: <paramref name="a"/> + <paramref name="b"/> + CF; writes CF, PF, AF, ZF, SF, OF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Adc(int size, ulong a, ulong b, ref ulong flags) => AddWithCarry(size, a, b, flags & RFlags.CF, ref flags);

    /// <summary>SUB (and CMP, discarding the result): <paramref name="a"/> - <paramref name="b"/>; writes CF, PF, AF, ZF, SF, OF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sub(int size, ulong a, ulong b, ref ulong flags) => SubWithBorrow(size, a, b, 0, ref flags);

    /// <summary>SBB: <paramref name="a"/> - (<paramref name="b"/> + CF); writes CF, PF, AF, ZF, SF, OF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sbb(int size, ulong a, ulong b, ref ulong flags) => SubWithBorrow(size, a, b, flags & RFlags.CF, ref flags);

    /// <summary>INC: <paramref name="a"/> + 1; like ADD but CF is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Inc(int size, ulong a, ref ulong flags)
    {
        ulong carry = flags & RFlags.CF;
        ulong result = AddWithCarry(size, a, 1, 0, ref flags);
        flags = (flags & ~RFlags.CF) | carry;
        return result;
    }

    /// <summary>DEC: <paramref name="a"/> - 1; like SUB but CF is kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Dec(int size, ulong a, ref ulong flags)
    {
        ulong carry = flags & RFlags.CF;
        ulong result = SubWithBorrow(size, a, 1, 0, ref flags);
        flags = (flags & ~RFlags.CF) | carry;
        return result;
    }

    /// <summary>NEG: 0 - <paramref name="a"/>; CF is set unless <paramref name="a"/> is zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Neg(int size, ulong a, ref ulong flags) => SubWithBorrow(size, 0, a, 0, ref flags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddWithCarry(int size, ulong a, ulong b, ulong carry, ref ulong flags)
    {
        ulong r = (a + b + carry) & Mask(size);
        int top = Top(size);
        // Carry out of the top bit is the majority of its two inputs and the carry into it.
        ulong cf = (((a & b) | ((a | b) & ~r)) >> top) & 1;
        ulong of = (((a ^ r) & (b ^ r)) >> top) & 1;
        Set(ref flags, RFlags.Arithmetic, cf | ((a ^ b ^ r) & RFlags.AF) | Szp(size, r) | (of << 11));
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubWithBorrow(int size, ulong a, ulong b, ulong borrow, ref ulong flags)
    {
        ulong r = (a - b - borrow) & Mask(size);
        int top = Top(size);
        // Borrow out of the top bit: b > a there, or they are equal and a borrow came in from below.
        ulong cf = (((~a & b) | ((~a | b) & r)) >> top) & 1;
        ulong of = (((a ^ b) & (a ^ r)) >> top) & 1;
        Set(ref flags, RFlags.Arithmetic, cf | ((a ^ b ^ r) & RFlags.AF) | Szp(size, r) | (of << 11));
        return r;
    }
}
