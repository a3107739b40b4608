using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>How the translation cache treats a block whose translation keeps going stale.</summary>
public sealed class TranslationBackoffTests
{
    private const ulong Loop = Guest.Code + 0x1000;
    private const int Rounds = 8;
    private const uint Iterations = 10_000;

    /// <summary>
    /// Calls the loop <c>add edx, imm32; dec ecx; jnz; ret</c> on the next page <see cref="Rounds"/> times, each round
    /// <see cref="Iterations"/> runs, then adds one to its immediate: every round after the first decodes it again.
    /// </summary>
    private static Vm RewrittenLoop(bool translate)
    {
        var vm = Guest.Boot("long", a =>
        {
            var outer = a.CreateLabel();
            a.mov(esi, Rounds);
            a.mov(rdi, Loop);
            a.Label(ref outer);
            a.mov(ecx, Iterations);
            a.call(rdi);
            a.inc(__dword_ptr[rdi + 2]);
            a.dec(esi);
            a.jne(outer);
            a.hlt();
        });
        vm.Memory.Load(Loop, Guest.Assemble(64, Loop, a =>
        {
            var top = a.CreateLabel();
            a.Label(ref top);
            a.add(edx, 0x12345);
            a.dec(ecx);
            a.jne(top);
            a.ret();
        }));
        vm.Translate = translate;
        vm.TranslationThreshold = 300;
        return vm;
    }

    [Fact]
    public void Loop_rewritten_each_round_is_translated_again_only_while_its_fourfold_threshold_fits_a_round()
    {
        using var interpreted = RewrittenLoop(translate: false);
        using var translated = RewrittenLoop(translate: true);
        Guest.RunToHalt(interpreted);
        Guest.RunToHalt(translated);
        var expected = 0u;
        for (var round = 0u; round < Rounds; round++)
            expected += Iterations * (0x12345 + round);
        Assert.Equal(expected, (uint)translated.Cpu.GetRegister(Register.RDX));
        Assert.Equal(TranslationDifferentialTests.State(interpreted), TranslationDifferentialTests.State(translated));
        Assert.Null(TranslationDifferentialTests.FirstDifferentByte(interpreted, translated));
        // A round runs the loop's block 30,000 instructions: thresholds 300, 1,200, 4,800 and 19,200 fit, 76,800 does not.
        var statistics = translated.Cpu.Statistics;
        Assert.Equal(4, statistics.BlocksTranslated);
        Assert.Equal(3, statistics.BlocksRetranslated);
        Assert.Equal(4, statistics.TranslationsStale);
        Assert.Equal(Rounds - 1, statistics.BlocksBackedOff);
    }
}
