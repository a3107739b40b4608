using System;
using System.IO;
using Iced.Intel;

namespace HvDsl.Cli.Tests.Run;

/// <summary>The progress line of a long run, and Ctrl+C stopping the guest with the usual report and status 130.</summary>
[Collection(nameof(CliProcess))]
public sealed class ProgressAndInterruptTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-run-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Ctrl_c_stops_an_endless_guest_printing_the_exit_table_with_status_130()
    {
        using var run = new CliProcess("run", "--image", GuestCode.Write(scratch, 16, Endless), "--mode", "real", "--progress", "always");
        var progress = run.WaitForLine("guest: ");
        Assert.Matches(@"^guest: [\d,]+ instructions, [\d,]+ instructions/s, [\d,]+ exits", progress);

        run.Interrupt();

        Assert.StartsWith("hvdsl run: stopped by Ctrl+C (guest RIP 0x", run.WaitForLine("hvdsl run: "));
        run.WaitForLine("VM exits by reason:");
        run.WaitForLine("guest instructions: ");
        Assert.Equal(130, run.WaitForExit());
    }

    [Fact]
    public void No_progress_line_is_written_when_stderr_is_redirected_unless_asked()
    {
        using var run = new CliProcess("run", "--image", GuestCode.Write(scratch, 16, Endless), "--mode", "real", "--max-instructions", "2000000");

        var report = run.WaitForLine("guest instructions: ");

        Assert.StartsWith("guest instructions: 2,000,000 in ", report);
        Assert.Equal(4, run.WaitForExit());
        Assert.DoesNotContain(run.Lines, line => line.Contains("guest: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Progress_never_writes_no_carriage_return()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", GuestCode.Write(scratch, 16, Endless), "--mode", "real", "--max-instructions", "2000000", "--progress", "never");

        Assert.Equal(4, exit);
        Assert.DoesNotContain('\r', errors);
    }

    private static void Endless(Assembler a)
    {
        var loop = a.CreateLabel();
        a.Label(ref loop);
        a.jmp(loop);
    }
}
