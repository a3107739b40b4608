using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.State;

namespace HvDsl.Runtime.Cpu;

/// <summary>
/// The SSE fast paths a translated block calls: the host's IEEE 754 round-to-nearest arithmetic where it provably gives
/// the soft-float result bit for bit, with the precision flag found exactly by error-free transformations (TwoSum for
/// sums, a fused multiply-add residual for products, quotients and square roots). Each returns false, having changed
/// nothing, whenever the result might differ or the instruction might fault (CR0.TS or EM, CR4.OSFXSR clear, directed
/// rounding, DAZ or FTZ, a NaN, infinity, denormal or extreme operand or result, a zero divisor, an unmasked precision
/// exception); the block then runs the instruction through the interpreter.
/// </summary>
internal static class TranslatedSse
{
    /// <summary>Arithmetic operations, as the emitter passes them.</summary>
    public const int Add = 0, Subtract = 1, Multiply = 2, Divide = 3, SquareRoot = 4, Minimum = 5, Maximum = 6;

    /// <summary>Bitwise operations and the two unpacks, as the emitter passes them.</summary>
    public const int And = 0, AndNot = 1, Or = 2, Xor = 3, UnpackLow = 4, UnpackHigh = 5;

    private const ulong Cr0Em = 1 << 2, Cr0Ts = 1 << 3, Cr4Osfxsr = 1 << 9;

    // MXCSR (SDM vol. 1, 10.2.3): RC in bits 14:13, FTZ bit 15, DAZ bit 6; PE is bit 5 and PM bit 12.
    private const uint NotNearestOrFlushing = 0x6000 | 0x8000 | 0x40;
    private const uint PrecisionFlag = 0x20, PrecisionMask = 0x1000;

    private const ulong ArithmeticFlags = RFlags.CF | RFlags.PF | RFlags.AF | RFlags.ZF | RFlags.SF | RFlags.OF;

    // Magnitudes whose sums, products, quotients and roots neither overflow nor underflow, nor leave a residual that
    // does: biased exponents within 960 (binary64) or 100 (binary32) of the bias, compared as bits so they stay constants.
    private const int DoubleBias = 1023, DoubleReach = 960, SingleBias = 127, SingleReach = 100;

    // 2^63 and 2^31, the first magnitudes out of a signed r64's and r32's range.
    private const double Two63 = 9223372036854775808.0, Two31 = 2147483648.0;

    /// <summary>Whether an SSE instruction passes its #UD and #NM checks (<see cref="VCpu.SseAvailable"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Usable(ref ArchitecturalState state) => (state.Cr4 & Cr4Osfxsr) != 0 && (state.Cr0 & (Cr0Em | Cr0Ts)) == 0;

    /// <summary>Whether the instruction may run on the host: usable, and MXCSR rounds to nearest without DAZ or FTZ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Nearest(ref ArchitecturalState state) => Usable(ref state) && (state.Mxcsr & NotNearestOrFlushing) == 0;

    /// <summary>Sets PE for an inexact result; false (MXCSR unchanged) when PE is unmasked, which is the interpreter's #XM.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Precision(ref ArchitecturalState state, bool inexact)
    {
        if (!inexact)
            return true;
        if ((state.Mxcsr & PrecisionMask) == 0)
            return false;
        state.Mxcsr |= PrecisionFlag;
        return true;
    }

    /// <summary>XMM register <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 Whole(ref ArchitecturalState state, int index) => state.Xmm[index];

    /// <summary>The low quadword of XMM register <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Low64(ref ArchitecturalState state, int index) => (ulong)state.Xmm[index];

    /// <summary>MOVAPD, MOVUPD and the other 128-bit loads: the whole register, after the SSE checks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MoveWhole(ref ArchitecturalState state, int destination, UInt128 value)
    {
        if (!Usable(ref state))
            return false;
        state.Xmm[destination] = value;
        return true;
    }

    /// <summary>MOVQ, MOVD and the scalar loads from memory: the value zero-extended into the whole register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MoveQuad(ref ArchitecturalState state, int destination, ulong value) => MoveWhole(ref state, destination, value);

    /// <summary>MOVSD between registers: the low quadword replaced, the high one kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MoveLow64(ref ArchitecturalState state, int destination, ulong value)
    {
        if (!Usable(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        xmm = WithLow(xmm, value);
        return true;
    }

    /// <summary>MOVSS between registers: the low doubleword replaced, bits 127:32 kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool MoveLow32(ref ArchitecturalState state, int destination, ulong value)
    {
        if (!Usable(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        xmm = (xmm & ~(UInt128)uint.MaxValue) | (uint)value;
        return true;
    }

    /// <summary>ANDPD..XORPS, PAND..PXOR, UNPCKLPD and UNPCKHPD on the whole register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Bitwise(ref ArchitecturalState state, int op, int destination, UInt128 source)
    {
        if (!Usable(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        xmm = op switch
        {
            And => xmm & source,
            AndNot => ~xmm & source,
            Or => xmm | source,
            Xor => xmm ^ source,
            UnpackLow => new UInt128((ulong)source, (ulong)xmm),
            _ => new UInt128((ulong)(source >> 64), (ulong)(xmm >> 64)),
        };
        return true;
    }

    /// <summary>ADDSD..MAXSD: the low binary64 element with <paramref name="source"/>'s low quadword.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ScalarDouble(ref ArchitecturalState state, int op, int destination, ulong source)
    {
        if (!Nearest(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        if (!Arithmetic(op, BitConverter.UInt64BitsToDouble((ulong)xmm), BitConverter.UInt64BitsToDouble(source), out var r, out var inexact)
            || !Precision(ref state, inexact))
            return false;
        xmm = WithLow(xmm, BitConverter.DoubleToUInt64Bits(r));
        return true;
    }

    /// <summary>ADDSS..MAXSS: the low binary32 element with <paramref name="source"/>'s low doubleword.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ScalarSingle(ref ArchitecturalState state, int op, int destination, ulong source)
    {
        if (!Nearest(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        if (!Arithmetic(op, BitConverter.UInt32BitsToSingle((uint)xmm), BitConverter.UInt32BitsToSingle((uint)source), out var r, out var inexact)
            || !Precision(ref state, inexact))
            return false;
        xmm = (xmm & ~(UInt128)uint.MaxValue) | BitConverter.SingleToUInt32Bits(r);
        return true;
    }

    /// <summary>ADDPD..MAXPD: both binary64 elements; nothing written unless both take the fast path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool PackedDouble(ref ArchitecturalState state, int op, int destination, UInt128 source)
    {
        if (!Nearest(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        if (!Arithmetic(op, BitConverter.UInt64BitsToDouble((ulong)xmm), BitConverter.UInt64BitsToDouble((ulong)source), out var low, out var lowInexact)
            || !Arithmetic(op, BitConverter.UInt64BitsToDouble((ulong)(xmm >> 64)), BitConverter.UInt64BitsToDouble((ulong)(source >> 64)), out var high, out var highInexact)
            || !Precision(ref state, lowInexact | highInexact))
            return false;
        xmm = new UInt128(BitConverter.DoubleToUInt64Bits(high), BitConverter.DoubleToUInt64Bits(low));
        return true;
    }

    /// <summary>ADDPS..MAXPS: all four binary32 elements; nothing written unless all take the fast path.</summary>
    public static bool PackedSingle(ref ArchitecturalState state, int op, int destination, UInt128 source)
    {
        if (!Nearest(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        var result = UInt128.Zero;
        var inexact = false;
        for (var lane = 0; lane < 4; lane++)
        {
            var a = BitConverter.UInt32BitsToSingle((uint)(xmm >> (32 * lane)));
            var b = BitConverter.UInt32BitsToSingle((uint)(source >> (32 * lane)));
            if (!Arithmetic(op, a, b, out var r, out var laneInexact))
                return false;
            inexact |= laneInexact;
            result |= (UInt128)BitConverter.SingleToUInt32Bits(r) << (32 * lane);
        }
        if (!Precision(ref state, inexact))
            return false;
        xmm = result;
        return true;
    }

    /// <summary>COMISD/UCOMISD (and the single forms): ZF, PF and CF from the order of two ordered, non-denormal values; OF, SF and AF cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Compare(ref ArchitecturalState state, bool isDouble, int destination, ulong source, ref ulong flags)
    {
        if (!Usable(ref state))
            return false;
        double a, b;
        if (isDouble)
            (a, b) = (BitConverter.UInt64BitsToDouble((ulong)state.Xmm[destination]), BitConverter.UInt64BitsToDouble(source));
        else
            (a, b) = (BitConverter.UInt32BitsToSingle((uint)state.Xmm[destination]), BitConverter.UInt32BitsToSingle((uint)source));
        // A NaN raises IE (any NaN for COMIS*, an SNaN for UCOMIS*), a denormal DE: both the interpreter's.
        if (double.IsNaN(a) || double.IsNaN(b) || (isDouble ? double.IsSubnormal(a) || double.IsSubnormal(b)
                : float.IsSubnormal((float)a) || float.IsSubnormal((float)b)))
            return false;
        flags = (flags & ~ArithmeticFlags) | (a < b ? RFlags.CF : a == b ? RFlags.ZF : 0);
        return true;
    }

    /// <summary>CVTSI2SD and CVTSI2SS: a signed integer rounded to nearest into the low element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool FromInteger(ref ArchitecturalState state, bool toDouble, int destination, long value)
    {
        if (!Nearest(ref state))
            return false;
        ref var xmm = ref state.Xmm[destination];
        if (toDouble)
        {
            double d = value;
            // 2^63 converts back out of range: it is only ever the rounding of a larger magnitude than a long holds.
            if (!Precision(ref state, d == Two63 || (long)d != value))
                return false;
            xmm = WithLow(xmm, BitConverter.DoubleToUInt64Bits(d));
            return true;
        }
        float f = value;
        if (!Precision(ref state, f == (float)Two63 || (long)f != value))
            return false;
        xmm = (xmm & ~(UInt128)uint.MaxValue) | BitConverter.SingleToUInt32Bits(f);
        return true;
    }

    /// <summary>CVTTSD2SI and CVTTSS2SI: truncated into a signed r32 or r64, for an in-range, non-denormal value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Truncate(ref ArchitecturalState state, bool fromDouble, int size, ulong source, out ulong result)
    {
        result = 0;
        if (!Usable(ref state))
            return false;
        var d = fromDouble ? BitConverter.UInt64BitsToDouble(source) : BitConverter.UInt32BitsToSingle((uint)source);
        var denormal = fromDouble ? double.IsSubnormal(d) : float.IsSubnormal((float)d);
        var inRange = size == 4 ? d > -Two31 - 1 && d < Two31 : d >= -Two63 && d < Two63;
        if (denormal || !inRange)
            return false;
        var t = Math.Truncate(d);
        if (!Precision(ref state, t != d))
            return false;
        result = size == 4 ? (uint)(int)t : (ulong)(long)t;
        return true;
    }

    /// <summary>CVTSD2SS: the low binary64 element rounded to nearest into the low binary32 element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Narrow(ref ArchitecturalState state, int destination, ulong source)
    {
        if (!Nearest(ref state))
            return false;
        var d = BitConverter.UInt64BitsToDouble(source);
        if (!Within(source << 1, 53, DoubleBias, SingleReach))
            return false;
        var f = (float)d;
        if (!Precision(ref state, f != d))
            return false;
        ref var xmm = ref state.Xmm[destination];
        xmm = (xmm & ~(UInt128)uint.MaxValue) | BitConverter.SingleToUInt32Bits(f);
        return true;
    }

    /// <summary>CVTSS2SD: the low binary32 element, zero or normal, exactly into the low binary64 element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Widen(ref ArchitecturalState state, int destination, ulong source)
    {
        var f = BitConverter.UInt32BitsToSingle((uint)source);
        if (!Usable(ref state) || !(f == 0 || float.IsNormal(f)))
            return false;
        ref var xmm = ref state.Xmm[destination];
        xmm = WithLow(xmm, BitConverter.DoubleToUInt64Bits(f));
        return true;
    }

    /// <summary>One binary64 or binary32 operation on the host; false when the soft-float path must decide it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Arithmetic<T>(int op, T a, T b, out T r, out bool inexact) where T : struct, IBinaryFloatingPointIeee754<T>
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
                var virtualB = r - a;
                inexact = !T.IsZero(a - (r - virtualB) + (addend - virtualB));
                return InRange(r);
            }
            case Multiply:
                r = a * b;
                if (T.IsZero(a) || T.IsZero(b))
                    return true;
                inexact = !T.IsZero(T.FusedMultiplyAdd(a, b, -r));
                return InRange(r) && !T.IsZero(r);
            case Divide:
                if (T.IsZero(b))
                    return false;
                r = a / b;
                if (T.IsZero(a))
                    return true;
                inexact = !T.IsZero(T.FusedMultiplyAdd(r, b, -a));
                return InRange(r) && !T.IsZero(r);
            case SquareRoot:
                if (b < T.Zero)
                    return false;
                r = T.Sqrt(b);
                inexact = !T.IsZero(T.FusedMultiplyAdd(r, r, -b));
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static UInt128 WithLow(UInt128 xmm, ulong low) => new((ulong)(xmm >> 64), low);
}
