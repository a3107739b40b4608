namespace HvDsl.Runtime.Cpu.Float;

/// <summary>
/// SDM Vol. 1 11.5.3: an SSE instruction first checks every element for the pre-computation exceptions (IE, DE, ZE),
/// then for the post-computation ones (OE, UE, PE). An unmasked exception at either step leaves the destination
/// unchanged, and MXCSR receives only the flags of the step that stopped it; otherwise every flag is ORed in.
/// </summary>
internal static class SseExceptionRule
{
    /// <summary>IE, DE and ZE: detected on the operands, before anything is computed.</summary>
    public const FpExceptions PreComputation = FpExceptions.Invalid | FpExceptions.Denormal | FpExceptions.ZeroDivide;

    /// <summary>The flags MXCSR receives from <paramref name="raised"/> (ORed over the elements) and whether the instruction faults instead of writing its result.</summary>
    public static FpExceptions Reported(FpExceptions raised, FpExceptions masks, out bool faults)
    {
        var early = raised & PreComputation;
        if ((early & ~masks) != 0)
        {
            faults = true;
            return early;
        }
        faults = (raised & ~masks) != 0;
        return raised;
    }
}
