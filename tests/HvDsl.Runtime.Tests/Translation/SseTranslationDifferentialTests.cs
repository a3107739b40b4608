using System;
using System.Linq;

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
        for (var seed = 0; seed < Sequences; seed++)
        {
            var program = new RandomProgram(1_000_000 + seed, long64: true, length: straight ? 12 : 24, straight, sse: true);
            using var interpreted = program.Boot(translate: false);
            using var compiled = program.Boot(translate: true);
            var expected = interpreted.Run(program.Budget);
            var actual = compiled.Run(program.Budget);
            translated += compiled.Cpu.Statistics.BlocksTranslated;
            var where = $"seed {1_000_000 + seed}, budget {program.Budget}:{Environment.NewLine}{program.Listing}";
            Assert.True(expected.Reason == actual.Reason && expected.Message == actual.Message && expected.Address == actual.Address,
                $"exit {actual} instead of {expected} at {where}");
            Assert.True(TranslationDifferentialTests.State(interpreted).SequenceEqual(TranslationDifferentialTests.State(compiled)),
                $"vCPU state differs ({TranslationDifferentialTests.Difference(interpreted, compiled)}; mxcsr {interpreted.Cpu.Architectural.Mxcsr:X} vs {compiled.Cpu.Architectural.Mxcsr:X}) at {where}");
            Assert.True(TranslationDifferentialTests.FirstDifferentByte(interpreted, compiled) is null, $"guest memory differs at {where}");
        }
        Assert.True(translated >= Sequences, $"only {translated} blocks were translated in {Sequences} programs");
    }
}
