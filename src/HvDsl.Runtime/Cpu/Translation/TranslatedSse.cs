using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.State;

namespace HvDsl.Runtime.Cpu;

/// <summary>
/// The SSE fast paths a translated block calls: the host's IEEE 754 round-to-nearest arithmetic where it provably gives
/// the soft-float result bit for bit, with the precision flag found exactly by error-free transformations (TwoSum for
/// sums, a fused multiply-add residual for products, quotients and square roots) unless PE is already set. A block
/// reads the <see cref="Mode"/> once and keeps the XMM lanes in locals, so each path takes and returns lane values; it
/// returns <see cref="Declined"/>, having changed nothing, whenever the mode allows no host arithmetic, the result might
/// differ or the instruction might fault (a NaN, infinity, denormal or extreme operand or result, a zero divisor); the
/// block then runs the instruction through the interpreter. The paths are not inlined: a call costs less than RyuJIT's
/// compile of each inlined copy. Only the commonest cases, scalar binary64 arithmetic with PE already set and
/// COMISD/UCOMISD of normal numbers, a block also emits inline (BlockTranslator.SseHost.cs), calling
/// <see cref="ScalarDouble"/> or <see cref="Compare"/> for everything else.
/// </summary>
internal static class TranslatedSse
{
    /// <summary>Arithmetic operations, as the emitter passes them.</summary>
    public const int Add = 0, Subtract = 1, Multiply = 2, Divide = 3, SquareRoot = 4, Minimum = 5, Maximum = 6;

    /// <summary>Bitwise operations and the two unpacks, as the emitter passes them.</summary>
    public const int And = 0, AndNot = 1, Or = 2, Xor = 3, UnpackLow = 4, UnpackHigh = 5;

    /// <summary>
    /// What <see cref="Mode"/> allows: nothing (#UD or #NM is the interpreter's), moves, bitwise operations and compares,
    /// or also host arithmetic (round to nearest, no DAZ or FTZ, PE masked), finding PE or, once it is set, not needing to.
    /// </summary>
    public const int Unusable = 0, Usable = 1, Nearest = 2, Sticky = 3;

    /// <summary>What a path returns when the interpreter must run the instruction: a value no fast path produces (a NaN in every lane).</summary>
    public const ulong Declined = ulong.MaxValue;

    private const ulong Cr0Em = 1 << 2, Cr0Ts = 1 << 3, Cr4Osfxsr = 1 << 9;

    // MXCSR (SDM vol. 1, 10.2.3): RC in bits 14:13, FTZ bit 15, DAZ bit 6; PE is bit 5 and PM bit 12.
    private const uint NotNearestOrFlushing = 0x6000 | 0x8000 | 0x40;
    private const uint PrecisionFlag = 0x20, PrecisionMask = 0x1000;

    private const ulong ArithmeticFlags = RFlags.CF | RFlags.PF | RFlags.AF | RFlags.ZF | RFlags.SF | RFlags.OF;

    // Magnitudes whose sums, products, quotients and roots neither overflow nor underflow, nor leave a residual that
    // does: biased exponents within 960 (binary64) or 100 (binary32) of the bias, compared as bits so they stay constants.
    internal const int DoubleBias = 1023, DoubleReach = 960, SingleBias = 127, SingleReach = 100;

    // 2^63 and 2^31, the first magnitudes out of a signed r64's and r32's range.
    private const double Two63 = 9223372036854775808.0, Two31 = 2147483648.0;

    private const ulong High32 = 0xFFFF_FFFF_0000_0000;

    /// <summary>
    /// Which fast paths the state allows (<see cref="Unusable"/> .. <see cref="Sticky"/>): SSE's #UD and #NM checks
    /// (<see cref="VCpu.SseAvailable"/>), then MXCSR's rounding, flushing and precision mask and flag. Only an instruction
    /// the interpreter runs can change CR0, CR4 or MXCSR's controls, and the fast paths only ever set PE.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Mode(ref ArchitecturalState state)
    {
        if ((state.Cr4 & Cr4Osfxsr) == 0 || (state.Cr0 & (Cr0Em | Cr0Ts)) != 0)
            return Unusable;
        var mxcsr = state.Mxcsr;
        if ((mxcsr & (NotNearestOrFlushing | PrecisionMask)) != PrecisionMask)
            return Usable;
        return (mxcsr & PrecisionFlag) != 0 ? Sticky : Nearest;
    }

    /// <summary>ADDSD..MAXSD: the low binary64 element of <paramref name="a"/> with <paramref name="b"/>'s, or <see cref="Declined"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong ScalarDouble(int op, ulong a, ulong b, int mode, ref uint mxcsr)
    {
        if (mode < Nearest)
            return Declined;
        if (!Arithmetic(op, BitConverter.UInt64BitsToDouble(a), BitConverter.UInt64BitsToDouble(b), mode == Sticky, out var r, out var inexact))
            return Declined;
        Precision(ref mxcsr, inexact);
        return BitConverter.DoubleToUInt64Bits(r);
    }

    /// <summary>ADDSS..MAXSS: the low lane <paramref name="a"/> with its low binary32 element replaced, or <see cref="Declined"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong ScalarSingle(int op, ulong a, ulong b, int mode, ref uint mxcsr)
    {
        if (mode < Nearest)
            return Declined;
        if (!Arithmetic(op, BitConverter.UInt32BitsToSingle((uint)a), BitConverter.UInt32BitsToSingle((uint)b), mode == Sticky, out var r, out var inexact))
            return Declined;
        Precision(ref mxcsr, inexact);
        return (a & High32) | BitConverter.SingleToUInt32Bits(r);
    }

    /// <summary>
    /// ADDPD..MAXPD: both binary64 elements, the low one returned and the high one in <paramref name="high"/>; nothing
    /// (MXCSR included) changed unless both take the fast path.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong PackedDouble(int op, ulong aLow, ulong aHigh, ulong bLow, ulong bHigh, int mode, ref uint mxcsr, out ulong high)
    {
        high = 0;
        if (mode < Nearest)
            return Declined;
        var sticky = mode == Sticky;
        if (!Arithmetic(op, BitConverter.UInt64BitsToDouble(aLow), BitConverter.UInt64BitsToDouble(bLow), sticky, out var low, out var lowInexact)
            || !Arithmetic(op, BitConverter.UInt64BitsToDouble(aHigh), BitConverter.UInt64BitsToDouble(bHigh), sticky, out var upper, out var highInexact))
            return Declined;
        Precision(ref mxcsr, lowInexact | highInexact);
        high = BitConverter.DoubleToUInt64Bits(upper);
        return BitConverter.DoubleToUInt64Bits(low);
    }

    /// <summary>ADDPS..MAXPS: all four binary32 elements, as <see cref="PackedDouble"/> does both binary64 ones.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong PackedSingle(int op, ulong aLow, ulong aHigh, ulong bLow, ulong bHigh, int mode, ref uint mxcsr, out ulong high)
    {
        high = 0;
        if (mode < Nearest)
            return Declined;
        var sticky = mode == Sticky;
        if (!Pair(op, aLow, bLow, sticky, out var low, out var lowInexact) || !Pair(op, aHigh, bHigh, sticky, out var upper, out var highInexact))
            return Declined;
        Precision(ref mxcsr, lowInexact | highInexact);
        high = upper;
        return low;
    }

    /// <summary>Two binary32 elements of a quadword.</summary>
    private static bool Pair(int op, ulong a, ulong b, bool sticky, out ulong r, out bool inexact)
    {
        r = 0;
        inexact = false;
        if (!Arithmetic(op, BitConverter.UInt32BitsToSingle((uint)a), BitConverter.UInt32BitsToSingle((uint)b), sticky, out var low, out var lowInexact)
            || !Arithmetic(op, BitConverter.UInt32BitsToSingle((uint)(a >> 32)), BitConverter.UInt32BitsToSingle((uint)(b >> 32)), sticky, out var high, out var highInexact))
            return false;
        inexact = lowInexact | highInexact;
        r = (ulong)BitConverter.SingleToUInt32Bits(high) << 32 | BitConverter.SingleToUInt32Bits(low);
        return true;
    }

    /// <summary>
    /// COMISD/UCOMISD (and the single forms): <paramref name="flags"/> with ZF, PF and CF from the order of two ordered,
    /// non-denormal values and OF, SF and AF cleared, or <see cref="Declined"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong Compare(bool isDouble, ulong a, ulong b, ulong flags)
    {
        double x, y;
        if (isDouble)
            (x, y) = (BitConverter.UInt64BitsToDouble(a), BitConverter.UInt64BitsToDouble(b));
        else
            (x, y) = (BitConverter.UInt32BitsToSingle((uint)a), BitConverter.UInt32BitsToSingle((uint)b));
        // A NaN raises IE (any NaN for COMIS*, an SNaN for UCOMIS*), a denormal DE: both the interpreter's.
        if (double.IsNaN(x) || double.IsNaN(y) || (isDouble ? double.IsSubnormal(x) || double.IsSubnormal(y)
                : float.IsSubnormal((float)x) || float.IsSubnormal((float)y)))
            return Declined;
        return (flags & ~ArithmeticFlags) | (x < y ? RFlags.CF : x == y ? RFlags.ZF : 0);
    }

    /// <summary>CVTSI2SD and CVTSI2SS: the low lane <paramref name="lane"/> with a signed integer rounded to nearest into its low element.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong FromInteger(bool toDouble, ulong lane, long value, ref uint mxcsr)
    {
        if (toDouble)
        {
            double d = value;
            // 2^63 converts back out of range: it is only ever the rounding of a larger magnitude than a long holds.
            Precision(ref mxcsr, d == Two63 || (long)d != value);
            return BitConverter.DoubleToUInt64Bits(d);
        }
        float f = value;
        Precision(ref mxcsr, f == (float)Two63 || (long)f != value);
        return (lane & High32) | BitConverter.SingleToUInt32Bits(f);
    }

    /// <summary>CVTTSD2SI and CVTTSS2SI: truncated into a signed r32 or r64, for an in-range, non-denormal value.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static bool Truncate(bool fromDouble, int size, ulong source, ref uint mxcsr, out ulong result)
    {
        result = 0;
        var d = fromDouble ? BitConverter.UInt64BitsToDouble(source) : BitConverter.UInt32BitsToSingle((uint)source);
        var denormal = fromDouble ? double.IsSubnormal(d) : float.IsSubnormal((float)d);
        var inRange = size == 4 ? d > -Two31 - 1 && d < Two31 : d >= -Two63 && d < Two63;
        if (denormal || !inRange)
            return false;
        var t = Math.Truncate(d);
        Precision(ref mxcsr, t != d);
        result = size == 4 ? (uint)(int)t : (ulong)(long)t;
        return true;
    }

    /// <summary>CVTSD2SS: the low lane <paramref name="lane"/> with the binary64 <paramref name="source"/> rounded to nearest into its low element.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong Narrow(ulong lane, ulong source, ref uint mxcsr)
    {
        var d = BitConverter.UInt64BitsToDouble(source);
        if (!Within(source << 1, 53, DoubleBias, SingleReach))
            return Declined;
        var f = (float)d;
        Precision(ref mxcsr, f != d);
        return (lane & High32) | BitConverter.SingleToUInt32Bits(f);
    }

    /// <summary>CVTSS2SD: the low binary32 element of <paramref name="source"/>, zero or normal, exactly as binary64.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static ulong Widen(ulong source)
    {
        var f = BitConverter.UInt32BitsToSingle((uint)source);
        return f == 0 || float.IsNormal(f) ? BitConverter.DoubleToUInt64Bits(f) : Declined;
    }

    /// <summary>Sets PE for an inexact result (the mode has PM masked).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Precision(ref uint mxcsr, bool inexact)
    {
        if (inexact)
            mxcsr |= PrecisionFlag;
    }

    /// <summary>
    /// One binary64 or binary32 operation on the host; false when the soft-float path must decide it. With
    /// <paramref name="sticky"/> (PE already set) the residual that finds PE is not computed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Arithmetic<T>(int op, T a, T b, bool sticky, out T r, out bool inexact) where T : struct, IBinaryFloatingPointIeee754<T>
    {
        r = T.Zero;
        inexact = false;
        if (!InRange(b) || (op != SquareRoot && !InRange(a)))
            return false;
        switch (op)
        {
            case Add:
            case Subtract:
            {
                var addend = op == Add ? b : -b;
                r = a + addend;
                // A zero sum of normal numbers is an exact cancellation.
                if (T.IsZero(r))
                    return true;
                if (!sticky)
                {
                    var virtualB = r - a;
                    inexact = !T.IsZero(a - (r - virtualB) + (addend - virtualB));
                }
                return InRange(r);
            }
            case Multiply:
                r = a * b;
                if (T.IsZero(a) || T.IsZero(b))
                    return true;
                inexact = !sticky && !T.IsZero(T.FusedMultiplyAdd(a, b, -r));
                return InRange(r) && !T.IsZero(r);
            case Divide:
                if (T.IsZero(b))
                    return false;
                r = a / b;
                if (T.IsZero(a))
                    return true;
                inexact = !sticky && !T.IsZero(T.FusedMultiplyAdd(r, b, -a));
                return InRange(r) && !T.IsZero(r);
            case SquareRoot:
                if (b < T.Zero)
                    return false;
                r = T.Sqrt(b);
                inexact = !sticky && !T.IsZero(T.FusedMultiplyAdd(r, r, -b));
                return true;
            case Minimum:
                r = a < b ? a : b;
                return true;
            default:
                r = a > b ? a : b;
                return true;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InRange<T>(T x) where T : struct =>
        typeof(T) == typeof(double) ? InRange(Unsafe.As<T, double>(ref x)) : InRange(Unsafe.As<T, float>(ref x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InRange(double x) => Within(BitConverter.DoubleToUInt64Bits(x) << 1, 53, DoubleBias, DoubleReach);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool InRange(float x) => Within(BitConverter.SingleToUInt32Bits(x) << 1, 24, SingleBias, SingleReach);

    /// <summary>
    /// Whether a value, its sign shifted out (<paramref name="magnitude"/>, the exponent from bit <paramref name="shift"/>),
    /// is zero or has a biased exponent within <paramref name="reach"/> of <paramref name="bias"/>: no NaN, infinity or denormal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Within(ulong magnitude, int shift, int bias, int reach) =>
        magnitude == 0 || (magnitude >> shift) - (ulong)(bias - reach) <= (ulong)(2 * reach);
}
