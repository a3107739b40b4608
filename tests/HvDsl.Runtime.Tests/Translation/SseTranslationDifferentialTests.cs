using System;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// The SSE fast paths against their oracle: seeded random programs of SSE and SSE2 forms (RandomProgram.Sse.cs) mixed
/// with integer code run through the interpreter and translated, and must end in the same exit, vCPU state (XMM
/// registers and MXCSR included) and guest memory.
/// </summary>
public sealed class SseTranslationDifferentialTests
{
    /// <summary>Sequences per mode in the normal suite; HVDSL_TRANSLATION_FUZZ sets another count, as for the integer programs.</summary>
    private static int Sequences => int.TryParse(Environment.GetEnvironmentVariable("HVDSL_TRANSLATION_FUZZ"), out var count) && count > 0 ? count : 300;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_sse_programs_end_in_the_same_state_translated_or_interpreted(bool straight)
    {
        var translated = 0L;
        using var vms = new ReusedVms();
        for (var seed = 1_000_000; seed < 1_000_000 + Sequences; seed++)
        {
            var program = new RandomProgram(seed, long64: true, length: straight ? TranslationDifferentialTests.StraightLength(seed) : 24, straight, sse: true);
            var report = TranslationDifferentialTests.Compare(program, seed, vms, out var blocks);
            Assert.True(report is null, report);
            translated += blocks;
        }
        Assert.True(translated >= Sequences, $"only {translated} blocks were translated in {Sequences} programs");
    }
}
