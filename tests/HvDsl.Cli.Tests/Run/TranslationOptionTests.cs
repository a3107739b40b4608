using System;
using System.IO;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>--translate</c> and the translation line of the run summary.</summary>
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
    public void Translate_translates_the_hot_loop_and_the_summary_counts_its_block()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", HotLoop(), "--mode", "long", "--translate");

        Assert.Equal(0, exit);
        Assert.Contains("guest instructions: 300,001", errors);
        Assert.Matches(@"translation: [1-9][0-9,]* blocks translated in [0-9.]+ s", errors);
    }

    [Fact]
    public void Without_translate_the_same_instructions_run_in_the_interpreter()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", HotLoop(), "--mode", "long");

        Assert.Equal(0, exit);
        Assert.Contains("guest instructions: 300,001", errors);
        Assert.Contains("translation: off (no --translate)", errors);
    }
}
