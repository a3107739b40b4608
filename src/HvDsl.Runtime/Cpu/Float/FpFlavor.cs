namespace HvDsl.Runtime.Cpu.Float;

/// <summary>Which unit's rules apply where x87 and SSE differ (NaN propagation, DAZ/FTZ, bias-adjusted results).</summary>
internal enum FpFlavor : byte
{
    /// <summary>The x87 FPU: the NaN with the larger significand wins; unmasked OE/UE deliver a bias-adjusted result.</summary>
    X87,
    /// <summary>SSE/SSE2: the first source's NaN wins; DAZ and FTZ apply.</summary>
    Sse,
}
