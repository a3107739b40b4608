using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HvDsl.Cli.Tests.Serve;
using Xunit.Abstractions;

namespace HvDsl.Cli.Tests.Linux;

/// <summary>
/// Debian's stock kernel with a busybox initramfs under <c>hvdsl run</c>, driven as a user at the serial console would:
/// commands typed on stdin reach the shell through COM1's receive interrupt, its answers come back on stdout (docs/linux.md).
/// </summary>
[Collection(nameof(CliProcess))]
public sealed partial class LinuxBootTests(ITestOutputHelper log)
{
    /// <summary>The whole boot, commands and power-off: generous, since a boot took 14 minutes at load 60-70 and had not reached the prompt after 25 at load 80-110.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(20);

    /// <summary>busybox sh's prompt for root in <c>/</c>.</summary>
    private const string Prompt = "/ # ";

    /// <summary>
    /// Where the snapshot test saves: 6.1.0-57-amd64 prints its prompt at about 6.06 G instructions, and the shell then idles,
    /// the clock skipping to each timer, so every instruction past the prompt costs host time.
    /// </summary>
    private const ulong SaveAt = 7_000_000_000;

    /// <summary><c>hvdsl run</c>'s arguments for the boot, without input.</summary>
    private static string[] Boot =>
        ["run", "--memory", "256M", "--kernel", LinuxGuest.Kernel, "--initrd", LinuxGuest.Initramfs, "--append", "console=ttyS0 panic=-1"];

    /// <summary>The lines <c>head -20</c> keeps of <c>/proc/cpuinfo</c>.</summary>
    private const int CpuinfoLines = 20;

    /// <summary>How far the host time the guest prints through COM2 may be from the host's clock when it is read: generous, for a loaded machine.</summary>
    private static readonly TimeSpan TimeTolerance = TimeSpan.FromMinutes(5);

    [LinuxFact]
    public async Task The_debian_kernel_boots_to_a_busybox_prompt_that_answers_typed_commands_reads_the_host_time_on_ttys1_and_powers_off_with_status_0()
    {
        var clock = Stopwatch.StartNew();
        var started = DateTime.UtcNow;
        await using var timeServer = Loopback.Host(TimeProvider.System, SpecLibraryServices.Generated("TimeServer"));
        using var guest = new GuestConsole(Bound, [.. Boot, "--input", "-", "--progress", "always", "--com2", $"tcp:127.0.0.1:{timeServer.GetEndPoint("TimeServer").Port}"]);

        guest.WaitFor(Prompt, guest.WaitFor("hvdsl guest: busybox shell", 0));
        log.WriteLine($"prompt after {clock.Elapsed.TotalSeconds:F0} s of host time, at about {guest.ProgressInstructions:N0} guest instructions (the last progress line)");

        var answers = Answer(guest, "echo hello; uname -r; cat /proc/cpuinfo | head -20; date");
        var hello = Array.IndexOf(answers, "hello");
        Assert.True(hello >= 0, $"no line 'hello' in:\n{string.Join('\n', answers)}");
        Assert.True(answers.Length >= hello + 3 + CpuinfoLines, $"too few lines after 'hello':\n{string.Join('\n', answers)}");
        Assert.Equal(LinuxGuest.KernelRelease(), answers[hello + 1]);
        var cpuinfo = answers[(hello + 2)..(hello + 2 + CpuinfoLines)];
        // The PC's CPUID (specs/cpu/x86-traps.hvspec): GenuineIntel, leaf 1 EAX 0x000306A9 is family 6, model 0x3A, stepping 9.
        Assert.Equal("processor\t: 0", cpuinfo[0]);
        Assert.Contains("vendor_id\t: GenuineIntel", cpuinfo);
        Assert.Contains("cpu family\t: 6", cpuinfo);
        Assert.Contains("model\t\t: 58", cpuinfo);
        Assert.Contains("stepping\t: 9", cpuinfo);
        Assert.Matches(DateLine(), answers[hello + 2 + CpuinfoLines]);
        // The RTC starts at the host's UTC time when hvdsl starts, then follows the virtual clock, which runs slower than the host's while booting.
        var date = DateTime.ParseExact(Regex.Replace(answers[hello + 2 + CpuinfoLines], " +", " "), "ddd MMM d HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
        Assert.InRange(date, started.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        // COM2 connects to the TimeServer when head opens /dev/ttyS1 (DTR), and the server's one line comes back through IRQ 3.
        var timeLine = Answer(guest, "head -n1 /dev/ttyS1").FirstOrDefault(line => TimeServerLine().IsMatch(line));
        Assert.True(timeLine is not null, $"no TimeServer line from /dev/ttyS1; the guest's output ends:\n{guest.Tail()}");
        var told = DateTime.ParseExact(timeLine, "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);
        Assert.True((told - DateTime.UtcNow).Duration() <= TimeTolerance, $"the TimeServer's line through COM2 says {told:u}, the host {DateTime.UtcNow:u}");
        log.WriteLine($"the guest's date: {date:u}; the host's time through COM2: {told:u}");

        guest.Type("poweroff -f");
        var exit = guest.WaitForExit();
        Assert.True(exit == 0, $"exit status {exit}; stderr:\n{guest.Errors}\nthe guest's output ends:\n{guest.Tail()}");
        // With the FADT and the DSDT's \_S5, Linux powers off through PM1a_CNT (S5), which ends the run with status 0.
        Assert.Contains("reboot: Power down", guest.Output);
        log.WriteLine($"powered off after {clock.Elapsed.TotalSeconds:F0} s; {guest.Errors.Split('\n').First(l => l.StartsWith("guest instructions:", StringComparison.Ordinal)).Trim()}");
    }

    [LinuxFact]
    public void Linux_saved_at_its_shell_prompt_resumes_in_a_new_process_answers_a_typed_command_and_reboots_with_status_32()
    {
        var clock = Stopwatch.StartNew();
        var snapshot = Path.Combine(Directory.CreateTempSubdirectory("hvdsl-linux-").FullName, "prompt.snap");
        try
        {
            using (var boot = new GuestConsole(Bound, [.. Boot, "--save-at", $"{SaveAt}", "--snapshot", snapshot]))
                StoppedAfterThePrompt(boot);
            log.WriteLine($"saved at instruction {SaveAt:N0} after {clock.Elapsed.TotalSeconds:F0} s, {new FileInfo(snapshot).Length / (1024.0 * 1024):F1} MiB");

            clock.Restart();
            using var resumed = new GuestConsole(Bound, "resume", snapshot, "--input", "-");
            var answers = Answer(resumed, "uname -r");
            Assert.Contains(LinuxGuest.KernelRelease(), answers);
            log.WriteLine($"resumed in a new process and answered 'uname -r' after {clock.Elapsed.TotalSeconds:F0} s");
            // Linux's reboot order when the FADT offers no reset register (arch/x86/kernel/reboot.c): the 8042's reset pulse, which ends the run as a reboot.
            resumed.Type("reboot -f");
            var exit = resumed.WaitForExit();
            Assert.True(exit == 32, $"exit status {exit}; stderr:\n{resumed.Errors}\nthe guest's output ends:\n{resumed.Tail()}");
            Assert.Contains("reboot: Restarting system", resumed.Output);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(snapshot)!, recursive: true);
        }
    }

    /// <summary>Types <paramref name="command"/> at the prompt and returns the lines printed before the next prompt, terminal escapes removed.</summary>
    private static string[] Answer(GuestConsole guest, string command)
    {
        var mark = guest.Length;
        guest.Type(command);
        var end = guest.WaitFor(Prompt, mark);
        var text = TerminalEscape().Replace(guest.Output[mark..end], "");
        return [.. text.Split('\n').Select(line => line.TrimEnd('\r'))];
    }

    /// <summary>busybox <c>date</c>'s default format, e.g. <c>Sat Jan  1 00:00:05 UTC 2000</c>.</summary>
    [GeneratedRegex(@"^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \w+ \d{4}$")]
    private static partial Regex DateLine();

    /// <summary>The TimeServer's line (<c>ddd MMM d HH:mm:ss yyyy</c>, specs/services/time-server.hvspec), e.g. <c>Tue Dec 1 16:52:53 2026</c>.</summary>
    [GeneratedRegex(@"^\w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d \d{4}$")]
    private static partial Regex TimeServerLine();

    /// <summary>A CSI sequence, as busybox's line editor writes when it asks the terminal for the cursor position.</summary>
    [GeneratedRegex(@"\x1B\[[0-9;?]*[A-Za-z]")]
    private static partial Regex TerminalEscape();
}
