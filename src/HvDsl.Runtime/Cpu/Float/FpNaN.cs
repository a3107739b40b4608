namespace HvDsl.Runtime.Cpu.Float;

/// <summary>x86 NaN rules (SDM Vol. 1 table 4-7): which operand's NaN a two-operand operation returns, and IE for SNaNs.</summary>
internal static class FpNaN
{
    /// <summary>
    /// When an operand is a NaN or an unsupported x87 encoding, sets <paramref name="result"/> to what the
    /// operation returns (raising IE where due) and returns true.
    /// </summary>
    public static bool Special(in FpValue a, in FpValue b, FpEnvironment env, out FpValue result)
    {
        if (a.Kind == FpKind.Unsupported || b.Kind == FpKind.Unsupported)
        {
            result = Invalid(env);
            return true;
        }
        if (!a.IsNaN && !b.IsNaN)
        {
            result = default;
            return false;
        }
        if (a.Kind == FpKind.SignalingNaN || b.Kind == FpKind.SignalingNaN)
            env.Raise(FpExceptions.Invalid);
        result = (env.Flavor == FpFlavor.Sse ? SseChoice(a, b) : X87Choice(a, b)).Quieted();
        return true;
    }

    /// <summary>The NaN (or unsupported encoding) of a one-operand operation, quieted; IE for an SNaN.</summary>
    public static bool Special(in FpValue a, FpEnvironment env, out FpValue result)
    {
        if (a.Kind == FpKind.Unsupported)
        {
            result = Invalid(env);
            return true;
        }
        if (!a.IsNaN)
        {
            result = default;
            return false;
        }
        if (a.Kind == FpKind.SignalingNaN)
            env.Raise(FpExceptions.Invalid);
        result = a.Quieted();
        return true;
    }

    /// <summary>Raises IE and returns the real indefinite.</summary>
    public static FpValue Invalid(FpEnvironment env)
    {
        env.Raise(FpExceptions.Invalid);
        return FpValue.Indefinite;
    }

    private static FpValue SseChoice(in FpValue a, in FpValue b) => a.IsNaN ? a : b;

    private static FpValue X87Choice(in FpValue a, in FpValue b)
    {
        if (!a.IsNaN)
            return b;
        if (!b.IsNaN)
            return a;
        if (a.Kind != b.Kind)
            return a.Kind == FpKind.QuietNaN ? a : b;
        ulong magnitudeA = a.Significand & ~(1UL << 63), magnitudeB = b.Significand & ~(1UL << 63);
        if (magnitudeA != magnitudeB)
            return magnitudeA > magnitudeB ? a : b;
        return !a.Sign && b.Sign ? a : b;
    }
}
