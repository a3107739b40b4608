using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;

namespace HvDsl.Cli.Tests.Linux;

/// <summary>The running Linux moved at its shell prompt by <c>hvdsl run --migrate-to</c> into a <c>hvdsl migrate --listen</c> process (docs/linux.md).</summary>
public sealed partial class LinuxBootTests
{
    /// <summary>A key of the 16 bytes and more <c>--key-file</c> asks for, given to both processes.</summary>
    private const string MigrationKey = "a migration key of 32 characters";

    [LinuxFact]
    public void Linux_migrated_at_its_shell_prompt_to_a_listening_process_answers_a_typed_command_there()
    {
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("hvdsl-linux-").FullName;
        try
        {
            var key = Path.Combine(folder, "migration.key");
            File.WriteAllText(key, MigrationKey + "\n");
            using var receiver = new GuestConsole(Bound, "migrate", "--listen", "0", "--key-file", key, "--input", "-");
            var port = receiver.WaitForError(ListeningLine()).Groups[1].Value;
            using (var sender = new GuestConsole(Bound, [.. Boot, "--migrate-to", $"127.0.0.1:{port}", "--at", $"{SaveAt}", "--key-file", key]))
                StoppedAfterThePrompt(sender);
            log.WriteLine($"migrated at instruction {SaveAt:N0} after {clock.Elapsed.TotalSeconds:F0} s");

            clock.Restart();
            AnswersUnameThenPowersOff(receiver);
            log.WriteLine($"the receiving process answered 'uname -r' and powered off {clock.Elapsed.TotalSeconds:F0} s after the machine arrived");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Waits for the booting <c>hvdsl run</c> to stop with status 0 at <see cref="SaveAt"/>, which it must reach after the shell's prompt.</summary>
    private static void StoppedAfterThePrompt(GuestConsole boot)
    {
        var stopped = boot.WaitForExit();
        Assert.True(stopped == 0, $"exit status {stopped}; stderr:\n{boot.Errors}\nthe guest's output ends:\n{boot.Tail()}");
        Assert.True(boot.Output.IndexOf(Prompt, boot.WaitFor("hvdsl guest: busybox shell", 0), StringComparison.Ordinal) >= 0,
            $"no prompt before instruction {SaveAt:N0} (raise {nameof(SaveAt)} for this kernel); the guest's output ends:\n{boot.Tail()}");
    }

    /// <summary>Types <c>uname -r</c> to the continued machine, checks the release, then <c>poweroff -f</c> and status 0.</summary>
    private static void AnswersUnameThenPowersOff(GuestConsole continued)
    {
        Assert.Contains(LinuxGuest.KernelRelease(), Answer(continued, "uname -r"));
        continued.Type("poweroff -f");
        var exit = continued.WaitForExit();
        Assert.True(exit == 0, $"exit status {exit}; stderr:\n{continued.Errors}\nthe guest's output ends:\n{continued.Tail()}");
    }

    /// <summary>The line <c>hvdsl migrate --listen 0</c> names its port in.</summary>
    [GeneratedRegex(@"^hvdsl migrate: listening on 127\.0\.0\.1:(\d+)$", RegexOptions.Multiline)]
    private static partial Regex ListeningLine();
}
