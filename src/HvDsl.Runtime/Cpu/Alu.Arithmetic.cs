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
        Set(ref flags, RFlags.Arithmetic, AddFlags(size, a, b, r));
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SubWithBorrow(int size, ulong a, ulong b, ulong borrow, ref ulong flags)
    {
        ulong r = (a - b - borrow) & Mask(size);
        Set(ref flags, RFlags.Arithmetic, SubFlags(size, a, b, r));
        return r;
    }

    /// <summary>CF, PF, AF, ZF, SF, OF of an addition of <paramref name="a"/>, <paramref name="b"/> and any carry-in whose truncated result is <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddFlags(int size, ulong a, ulong b, ulong r)
    {
        int top = Top(size);
        ulong of = (((a ^ r) & (b ^ r)) >> top) & 1;
        return AddCarry(size, a, b, r) | ((a ^ b ^ r) & RFlags.AF) | Szp(size, r) | (of << 11);
    }

    /// <summary>CF, PF, AF, ZF, SF, OF of <paramref name="a"/> minus <paramref name="b"/> and any borrow-in whose truncated result is <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubFlags(int size, ulong a, ulong b, ulong r)
    {
        int top = Top(size);
        ulong of = (((a ^ b) & (a ^ r)) >> top) & 1;
        return SubBorrow(size, a, b, r) | ((a ^ b ^ r) & RFlags.AF) | Szp(size, r) | (of << 11);
    }

    /// <summary>CF (0 or 1) of an addition whose truncated result is <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong AddCarry(int size, ulong a, ulong b, ulong r) =>
        // Carry out of the top bit is the majority of its two inputs and the carry into it.
        (((a & b) | ((a | b) & ~r)) >> Top(size)) & 1;

    /// <summary>CF (0 or 1) of a subtraction whose truncated result is <paramref name="r"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubBorrow(int size, ulong a, ulong b, ulong r) =>
        // Borrow out of the top bit: b > a there, or they are equal and a borrow came in from below.
        (((~a & b) | ((~a | b) & r)) >> Top(size)) & 1;
}
