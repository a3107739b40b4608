using System;
using System.IO;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>--no-translate</c>, the older <c>--translate</c> and the translation lines of the run summary.</summary>
public sealed class TranslationOptionTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-translate-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    /// <summary><c>mov ecx, 100000; top: add eax, ecx; dec ecx; jnz top; hlt</c>: one hot block; 300,001 instructions as the interpreter counts them.</summary>
    private string HotLoop() => GuestCode.Write(scratch, 64, a =>
    {
        var top = a.CreateLabel();
        a.mov(ecx, 100_000);
        a.Label(ref top);
        a.add(eax, ecx);
        a.dec(ecx);
        a.jne(top);
        a.hlt();
    });

    [Fact]
    public void Run_translates_the_hot_loop_by_default_and_the_summary_counts_its_block_and_most_of_the_run()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", HotLoop(), "--mode", "long");

        Assert.Equal(0, exit);
        Assert.Contains("guest instructions: 300,001", errors);
        Assert.Matches(@"translation: [1-9][0-9,]* blocks translated in [0-9.]+ s", errors);
        Assert.Matches(@"translated code ran [0-9,]+ instructions \(([5-9][0-9]|100)\.[0-9] % of the run\)", errors);
        Assert.Matches(@"translated blocks ran [1-9][0-9,]* times \([0-9.]+ instructions a run\), [0-9,]+ of them entered from the run loop", errors);
    }

    [Fact]
    public void Translate_is_still_accepted_and_changes_nothing()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", HotLoop(), "--mode", "long", "--translate");

        Assert.Equal(0, exit);
        Assert.Contains("guest instructions: 300,001", errors);
        Assert.Matches(@"translation: [1-9][0-9,]* blocks translated", errors);
    }

    [Fact]
    public void No_translate_runs_the_same_instructions_in_the_interpreter()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", HotLoop(), "--mode", "long", "--no-translate");

        Assert.Equal(0, exit);
        Assert.Contains("guest instructions: 300,001", errors);
        Assert.Contains("translation: off (--no-translate)", errors);
    }

    [Fact]
    public void Translate_and_no_translate_together_are_refused_in_one_line()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", HotLoop(), "--mode", "long", "--translate", "--no-translate");

        Assert.Equal(64, exit);
        Assert.Contains("--translate and --no-translate do not go together", errors);
    }
}
