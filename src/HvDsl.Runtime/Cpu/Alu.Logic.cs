using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public static partial class Alu
{
    /// <summary>AND (and TEST, discarding the result); CF and OF cleared, SF, ZF, PF from the result, AF cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong And(int size, ulong a, ulong b, ref ulong flags) => Logic(size, a & b, ref flags);

    /// <summary>OR; CF and OF cleared, SF, ZF, PF from the result, AF cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Or(int size, ulong a, ulong b, ref ulong flags) => Logic(size, a | b, ref flags);

    /// <summary>XOR; CF and OF cleared, SF, ZF, PF from the result, AF cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Xor(int size, ulong a, ulong b, ref ulong flags) => Logic(size, a ^ b, ref flags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Logic(int size, ulong result, ref ulong flags)
    {
        result &= Mask(size);
        Set(ref flags, RFlags.Arithmetic, LogicFlags(size, result));
        return result;
    }

    /// <summary>The flags of a logic result: SF, ZF, PF from it, CF and OF cleared, AF cleared (undefined; processors clear it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong LogicFlags(int size, ulong result) => Szp(size, result);
}
