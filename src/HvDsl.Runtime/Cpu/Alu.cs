using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

/// <summary>
/// The x86 integer ALU: results and exact RFLAGS of the general-purpose arithmetic, logic, shift,
/// rotate, multiply, divide, bit and BCD instructions.
/// </summary>
/// <remarks>
/// <c>size</c> is the operand size in bytes (1, 2, 4 or 8); operands are zero-extended to 64 bits
/// and results are truncated to the size. <c>flags</c> is the whole RFLAGS value: only the flags
/// the instruction writes change. Flags the architecture leaves undefined get the values an AMD
/// Zen processor produces where the differential tests (HVDSL_DIFF_UNDEFINED=1) confirmed them;
/// not yet for LZCNT, the BCD adjusts, or CF/OF of 16-bit SHLD/SHRD counts above 16.
/// </remarks>
public static partial class Alu
{
    /// <summary>All ones in the low <paramref name="size"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(int size) => ulong.MaxValue >> (64 - (size << 3));

    /// <summary>Index of the sign bit of an operand of <paramref name="size"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Top(int size) => (size << 3) - 1;

    /// <summary>The sign bit of <paramref name="value"/> as 0 or 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Msb(int size, ulong value) => (value >> Top(size)) & 1;

    /// <summary>SF, ZF and PF of a truncated result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Szp(int size, ulong result) =>
        (Msb(size, result) << 7) | (result == 0 ? RFlags.ZF : 0) | Parity(result);

    /// <summary><paramref name="value"/> sign-extended from <paramref name="size"/> bytes to 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long SignExtend(int size, ulong value) => (long)(value << (64 - (size << 3))) >> (64 - (size << 3));

    /// <summary>Replaces the <paramref name="written"/> flags of <paramref name="flags"/> with <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Set(ref ulong flags, ulong written, ulong value) => flags = (flags & ~written) | value;
}
