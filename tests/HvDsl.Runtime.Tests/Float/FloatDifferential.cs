using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>Runs seeded cases of one instruction form and reports the first few that differ from the host.</summary>
internal static class FloatDifferential
{
    /// <summary>Cases per form: thousands, so every operand class meets every rounding mode and control setting.</summary>
    public const int Cases = 4000;

    /// <summary>
    /// Runs <paramref name="oneCase"/> <see cref="Cases"/> times on operands seeded by <paramref name="form"/>;
    /// a case returns a description of the difference, or null when the library matches the host.
    /// </summary>
    public static void Check(string form, Func<FloatOperands, string?> oneCase)
    {
        var operands = new FloatOperands(StableSeed(form));
        var failures = new List<string>();
        int differing = 0;
        for (int i = 0; i < Cases; i++)
        {
            string? difference = oneCase(operands);
            if (difference == null)
                continue;
            if (++differing <= 8)
                failures.Add(difference);
        }
        Assert.True(differing == 0, $"{form}: {differing} of {Cases} cases differ from the host:\n" + string.Join("\n", failures));
    }

    /// <summary>A seed that is the same in every run (string.GetHashCode is randomized per process).</summary>
    internal static int StableSeed(string text)
    {
        int hash = 17;
        foreach (char c in text)
            hash = unchecked(hash * 31 + c);
        return hash;
    }
}

/// <summary>A differential test that runs host FPU instructions: skipped, saying why, off x86-64 Linux.</summary>
internal sealed class HostFpuTheoryAttribute : TheoryAttribute
{
    public HostFpuTheoryAttribute()
    {
        if (!HostFpu.Available)
            Skip = "needs an x86-64 Linux host: the float differential tests run the host processor's own x87 and SSE instructions";
    }
}

/// <summary>A differential test of SSE4.1 instructions: skipped, saying why, off x86-64 Linux or without SSE4.1.</summary>
internal sealed class HostSse41TheoryAttribute : TheoryAttribute
{
    public HostSse41TheoryAttribute()
    {
        if (!HostFpu.Available)
            Skip = "needs an x86-64 Linux host: the float differential tests run the host processor's own x87 and SSE instructions";
        else if (!Differential.HostFeatures.Sse41)
            Skip = "the host processor has no SSE4.1 (CPUID.1:ECX bit 19) to compare ROUNDSS/ROUNDSD with";
    }
}

/// <summary>A single differential test that runs host FPU instructions: skipped, saying why, off x86-64 Linux.</summary>
internal sealed class HostFpuFactAttribute : FactAttribute
{
    public HostFpuFactAttribute()
    {
        if (!HostFpu.Available)
            Skip = "needs an x86-64 Linux host: the float differential tests run the host processor's own x87 and SSE instructions";
    }
}
