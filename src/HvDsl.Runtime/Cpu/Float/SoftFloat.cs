using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu.Float;

// crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.
/// <summary>
/// The operations on stored values that the x87 and SSE families call: each unpacks its operands,
/// computes exactly, rounds once under <see cref="FpEnvironment"/> and packs. Extended arithmetic
/// rounds to the x87 precision control; binary32/binary64 to their own precision.
/// </summary>
internal static class SoftFloat
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Add<T>(T a, T b, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Pack(FpArithmetic.Add(a.Unpack(env), b.Unpack(env), T.Format, Precision<T>(env), env));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Subtract<T>(T a, T b, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Pack(FpArithmetic.Subtract(a.Unpack(env), b.Unpack(env), T.Format, Precision<T>(env), env));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Multiply<T>(T a, T b, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Pack(FpArithmetic.Multiply(a.Unpack(env), b.Unpack(env), T.Format, Precision<T>(env), env));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T Divide<T>(T a, T b, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Pack(FpArithmetic.Divide(a.Unpack(env), b.Unpack(env), T.Format, Precision<T>(env), env));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T SquareRoot<T>(T a, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Pack(FpArithmetic.SquareRoot(a.Unpack(env), T.Format, Precision<T>(env), env));

    /// <summary>A value converted between formats (CVTSS2SD, CVTSD2SS, FLD m32/m64, FST m32/m64).</summary>
    public static TTo Convert<TFrom, TTo>(TFrom a, FpEnvironment env)
        where TFrom : struct, IFloatEncoding<TFrom> where TTo : struct, IFloatEncoding<TTo> =>
        TTo.Pack(FpConvert.ToFormat(a.Unpack(env), TTo.Format, TFrom.Format.ExplicitInteger, env));

    /// <summary>A signed integer converted (CVTSI2SS, CVTSI2SD, FILD); extended results round to the precision control.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T FromInteger<T>(long value, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Pack(FpConvert.FromInteger(value, T.Format, T.Format.Precision, env));

    /// <summary>A value converted to a signed integer of 16, 32 or 64 bits (CVTSS2SI, CVTTSD2SI, FIST, FISTTP).</summary>
    public static long ToInteger<T>(T a, int bits, bool truncate, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        FpConvert.ToInteger(a.Unpack(env), bits, truncate, env);

    /// <summary>A value rounded to an integral value under the environment's rounding (FRNDINT).</summary>
    public static T RoundToIntegral<T>(T a, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Pack(FpConvert.RoundToIntegral(a.Unpack(env), T.Format, env.Rounding, false, env));

    /// <summary>Orders two values (FCOM/FUCOM/FCOMI/FUCOMI, COMISS/UCOMISS).</summary>
    public static FpOrder Compare<T>(T a, T b, bool signaling, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        FpCompare.Order(a.Unpack(env), b.Unpack(env), signaling, env);

    /// <summary>CMPSS/CMPSD predicate 0-7.</summary>
    public static bool ComparePredicate<T>(T a, T b, int predicate, FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        FpCompare.Predicate(a.Unpack(env), b.Unpack(env), predicate, env);

    /// <summary>MINSS/MINSD: the smaller operand, the second when unordered or both zero; a DAZ-read denormal returns as zero.</summary>
    public static T Minimum<T>(T a, T b, FpEnvironment env) where T : struct, IFloatEncoding<T> => MinMax(a, b, false, env);

    /// <summary>MAXSS/MAXSD: the larger operand, the second when unordered or both zero.</summary>
    public static T Maximum<T>(T a, T b, FpEnvironment env) where T : struct, IFloatEncoding<T> => MinMax(a, b, true, env);

    private static T MinMax<T>(T a, T b, bool maximum, FpEnvironment env) where T : struct, IFloatEncoding<T>
    {
        FpValue first = a.Unpack(env), second = b.Unpack(env);
        bool takeFirst = FpCompare.FirstIsMinMax(first, second, maximum, env);
        FpValue chosen = takeFirst ? first : second;
        return chosen.Kind == FpKind.Zero ? T.Pack(chosen) : takeFirst ? a : b;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Precision<T>(FpEnvironment env) where T : struct, IFloatEncoding<T> =>
        T.Format.ExplicitInteger ? env.Precision : T.Format.Precision;
}
