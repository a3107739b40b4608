namespace HvDsl.Runtime.Cpu.Float;

/// <summary>Comparisons: FCOM/FUCOM/FCOMI, COMISS/UCOMISS, the CMPPS predicates, and MINSS/MAXSS.</summary>
internal static class FpCompare
{
    /// <summary>
    /// Orders two values. A signaling comparison (FCOM, COMISS, CMPLT) raises IE for any NaN, a quiet one
    /// (FUCOM, UCOMISS, CMPEQ) only for an SNaN; unsupported x87 encodings always raise IE.
    /// </summary>
    public static FpOrder Order(in FpValue a, in FpValue b, bool signaling, FpEnvironment env)
    {
        if (a.Kind == FpKind.Unsupported || b.Kind == FpKind.Unsupported)
        {
            env.Raise(FpExceptions.Invalid);
            return FpOrder.Unordered;
        }
        if (a.IsNaN || b.IsNaN)
        {
            if (signaling || a.Kind == FpKind.SignalingNaN || b.Kind == FpKind.SignalingNaN)
                env.Raise(FpExceptions.Invalid);
            return FpOrder.Unordered;
        }
        // Even under an unmasked DE the operands are ordered: x87 compares still write their codes (SSE compares fault instead).
        FpArithmetic.Denormals(a, b, env);
        int sign = Compare(a, b);
        return sign == 0 ? FpOrder.Equal : sign < 0 ? FpOrder.Less : FpOrder.Greater;
    }

    /// <summary>CMPSS/CMPSD/CMPPS/CMPPD predicate 0-7 (EQ, LT, LE, UNORD, NEQ, NLT, NLE, ORD); LT, LE, NLT and NLE signal on QNaN.</summary>
    public static bool Predicate(in FpValue a, in FpValue b, int predicate, FpEnvironment env)
    {
        bool signaling = (predicate & 3) is 1 or 2;
        FpOrder order = Order(a, b, signaling, env);
        bool result = (predicate & 3) switch
        {
            0 => order == FpOrder.Equal,
            1 => order == FpOrder.Less,
            2 => order is FpOrder.Less or FpOrder.Equal,
            _ => order == FpOrder.Unordered,
        };
        return (predicate & 4) != 0 ? !result : result;
    }

    /// <summary>
    /// MINSS/MAXSS: whether the first operand is the result. The second is returned when either is a NaN
    /// (IE even for a QNaN) or both are zeros, so the instruction is not commutative.
    /// </summary>
    public static bool FirstIsMinMax(in FpValue a, in FpValue b, bool maximum, FpEnvironment env)
    {
        if (a.IsNaN || b.IsNaN)
        {
            env.Raise(FpExceptions.Invalid);
            return false;
        }
        if (FpArithmetic.Denormals(a, b, env))
            return false;
        int sign = Compare(a, b);
        return maximum ? sign > 0 : sign < 0;
    }

    /// <summary>The x87 status word bits C3 (14), C2 (10) and C0 (8) for an order.</summary>
    public static ushort ConditionCodes(FpOrder order) => order switch
    {
        FpOrder.Greater => 0,
        FpOrder.Less => 1 << 8,
        FpOrder.Equal => 1 << 14,
        _ => (1 << 14) | (1 << 10) | (1 << 8),
    };

    /// <summary>ZF (6), PF (2) and CF (0) as FCOMI and COMISS set them for an order.</summary>
    public static ulong ComparisonFlags(FpOrder order) => order switch
    {
        FpOrder.Greater => 0,
        FpOrder.Less => 1,
        FpOrder.Equal => 1 << 6,
        _ => (1 << 6) | (1 << 2) | 1,
    };

    /// <summary>Sign of a − b for ordered values; zeros of either sign are equal.</summary>
    private static int Compare(in FpValue a, in FpValue b)
    {
        if (a.Kind == FpKind.Zero && b.Kind == FpKind.Zero)
            return 0;
        if (a.Sign != b.Sign)
            return a.Sign ? -1 : 1;
        int magnitude = CompareMagnitude(a, b);
        return a.Sign ? -magnitude : magnitude;
    }

    private static int CompareMagnitude(in FpValue a, in FpValue b)
    {
        int rankA = Rank(a.Kind), rankB = Rank(b.Kind);
        if (rankA != rankB)
            return rankA.CompareTo(rankB);
        if (a.Kind != FpKind.Finite)
            return 0;
        if (a.Exponent != b.Exponent)
            return a.Exponent.CompareTo(b.Exponent);
        return a.Significand.CompareTo(b.Significand);
    }

    private static int Rank(FpKind kind) => kind switch { FpKind.Zero => 0, FpKind.Finite => 1, _ => 2 };
}
