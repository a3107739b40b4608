using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Cpu;

/// <summary>
/// Lane-wise operations on a packed register image, 16 bytes (XMM) or its low 8 (MMX, the rest zero): lanes are little-endian
/// in the <see cref="UInt128"/>, as in the register and in memory.
/// </summary>
internal static class PackedLanes
{
    /// <summary>Applies <paramref name="f"/> to each pair of <typeparamref name="T"/> lanes of the low <paramref name="bytes"/> bytes.</summary>
    public static UInt128 Map<T>(UInt128 a, UInt128 b, int bytes, Func<T, T, T> f) where T : unmanaged
    {
        var x = Lanes<T>(ref a);
        var y = Lanes<T>(ref b);
        for (var i = 0; i < bytes / Unsafe.SizeOf<T>(); i++)
            x[i] = f(x[i], y[i]);
        return a;
    }

    /// <summary>
    /// Interleaves the <typeparamref name="T"/> lanes of the low (or, with <paramref name="high"/>, the high) half of the
    /// low <paramref name="bytes"/> bytes: a0, b0, a1, b1 ... (PUNPCKL*/PUNPCKH*, UNPCKLPS ...).
    /// </summary>
    // crossgen2 cannot precompile it (it takes UInt128): compiled optimized at its first call, not run at tier 0 first.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UInt128 Interleave<T>(UInt128 a, UInt128 b, int bytes, bool high) where T : unmanaged
    {
        var count = bytes / Unsafe.SizeOf<T>();
        var first = high ? count / 2 : 0;
        var x = Lanes<T>(ref a);
        var y = Lanes<T>(ref b);
        UInt128 result = 0;
        var r = Lanes<T>(ref result);
        for (var i = 0; i < count / 2; i++)
        {
            r[2 * i] = x[first + i];
            r[2 * i + 1] = y[first + i];
        }
        return result;
    }

    /// <summary>Narrows each <typeparamref name="TWide"/> lane of <paramref name="a"/>, then of <paramref name="b"/>, through <paramref name="narrow"/> (PACKSSWB, PACKSSDW, PACKUSWB).</summary>
    public static UInt128 Pack<TWide, TNarrow>(UInt128 a, UInt128 b, int bytes, Func<TWide, TNarrow> narrow)
        where TWide : unmanaged where TNarrow : unmanaged
    {
        var count = bytes / Unsafe.SizeOf<TWide>();
        var x = Lanes<TWide>(ref a);
        var y = Lanes<TWide>(ref b);
        UInt128 result = 0;
        var r = Lanes<TNarrow>(ref result);
        for (var i = 0; i < count; i++)
        {
            r[i] = narrow(x[i]);
            r[count + i] = narrow(y[i]);
        }
        return result;
    }

    /// <summary>The <typeparamref name="T"/> lanes of <paramref name="value"/>, lane 0 first.</summary>
    public static Span<T> Lanes<T>(ref UInt128 value) where T : unmanaged => MemoryMarshal.Cast<UInt128, T>(new Span<UInt128>(ref value));

    /// <summary>One bit per <typeparamref name="T"/> lane of the low <paramref name="bytes"/> bytes: the lane's top bit (MOVMSKPS, MOVMSKPD, PMOVMSKB).</summary>
    public static uint SignMask<T>(UInt128 value, int bytes) where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        var mask = 0u;
        for (var i = 0; i < bytes / size; i++)
            mask |= (uint)(value >> (8 * size * (i + 1) - 1) & 1) << i;
        return mask;
    }
}
