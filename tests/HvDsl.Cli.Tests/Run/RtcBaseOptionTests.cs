using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace HvDsl.Cli.Tests.Run;

/// <summary>The CMOS RTC of <c>hvdsl run</c>: the host's UTC time at boot, or <c>--rtc-base</c>'s; a snapshot keeps the guest's.</summary>
public sealed class RtcBaseOptionTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-rtc-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Without_rtc_base_the_guest_reads_the_hosts_utc_time_from_the_rtc_and_the_wall_clock_hypercall()
    {
        var before = DateTime.UtcNow;
        var (exit, output, errors) = Cli.Run("run", "--demo", "kernel", "--max-instructions", "10000000");
        var after = DateTime.UtcNow;

        Assert.True(exit == 0, errors);
        var rtc = DateTime.ParseExact(Line(output, "rtc: "), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        Assert.InRange(rtc, before.AddMinutes(-1), after.AddMinutes(1));
        var wallClock = DateTime.UnixEpoch.AddSeconds(long.Parse(Line(output, "hypercall 0x101 wall clock: "), CultureInfo.InvariantCulture));
        Assert.InRange(wallClock, before.AddMinutes(-1), after.AddMinutes(1));
    }

    [Fact]
    public void The_rtc_time_travels_in_the_snapshot_so_a_resumed_guest_reads_the_saved_runs_clock()
    {
        var snapshot = Path.Combine(scratch, "rtc.snap");
        var (saved, _, saveErrors) = Cli.Run("run", "--demo", "kernel", "--rtc-base", "2010-06-15T08:00:00", "--save-at", "1000", "--snapshot", snapshot);
        Assert.True(saved == 0, saveErrors);

        var (exit, output, errors) = Cli.Run("resume", snapshot, "--max-instructions", "10000000");

        Assert.True(exit == 0, errors);
        Assert.Equal("2010-06-15 08:00:00", Line(output, "rtc: "));
        Assert.Equal("1276588800", Line(output, "hypercall 0x101 wall clock: "));
    }

    [Theory]
    [InlineData("2000-13-01")]
    [InlineData("1899-12-31")]
    [InlineData("2100-01-01")]
    [InlineData("yesterday")]
    [InlineData("2024-05-01 12:00")]
    public void An_rtc_base_that_is_not_a_utc_date_the_rtc_keeps_exits_64_naming_the_option(string date)
    {
        var (exit, _, errors) = Cli.Run("run", "--demo", "hello", "--rtc-base", date);

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl run: --rtc-base must be a UTC date from 1900 to 2099 such as 2024-05-01 or 2024-05-01T12:30:00, not '{date}'", errors.TrimEnd());
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Single(line => line.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
}
