using System;
using System.IO;

namespace HvDsl.Cli.Tests.Snapshots;

/// <summary><c>hvdsl run --save-at N --snapshot FILE</c> then <c>hvdsl resume FILE</c>: together they are the uninterrupted run.</summary>
public sealed class SaveAndResumeTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-snapshots-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    [InlineData(1000)]
    [InlineData(1777)]
    [InlineData(2300)]
    public void Saved_kernel_run_resumed_prints_exactly_the_rest_and_ends_the_same(int saveAt)
    {
        // Both runs start the RTC at one time, so the demo's clock lines agree.
        var whole = Cli.Run("run", "--demo", "kernel", "--rtc-base", "2000-01-01");
        var file = Path.Combine(scratch, "kernel.snap");

        var saved = Cli.Run("run", "--demo", "kernel", "--rtc-base", "2000-01-01", "--save-at", saveAt.ToString(), "--snapshot", file);
        var resumed = Cli.Run("resume", file);

        Assert.Equal(0, saved.Exit);
        Assert.Equal($"hvdsl run: saved snapshot {file} at instruction {saveAt}\n", saved.Err.ReplaceLineEndings("\n"));
        Assert.Equal(whole.Out, saved.Out + resumed.Out);
        Assert.Equal(whole.Exit, resumed.Exit);
        Assert.StartsWith("VM exits by reason:", resumed.Err);
    }

    [Fact]
    public void A_guest_that_ends_before_the_save_point_ends_normally_and_writes_no_file()
    {
        var file = Path.Combine(scratch, "never.snap");

        var (exit, output, errors) = Cli.Run("run", "--demo", "hello", "--save-at", "100000000", "--snapshot", file);

        Assert.Equal(0, exit);
        Assert.EndsWith("Hello from long mode\n", output);
        Assert.DoesNotContain("saved snapshot", errors);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Resume_budget_counts_from_the_snapshot_and_exits_4()
    {
        var file = Save(1000);

        var (exit, _, errors) = Cli.Run("resume", file, "--max-instructions", "10");

        Assert.Equal(4, exit);
        Assert.Contains("hvdsl resume: instruction budget spent", errors);
        Assert.Contains("guest instructions: 10 in", errors);
    }

    [Fact]
    public void Truncated_snapshot_exits_64_with_one_line()
    {
        var file = Save(1000);
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);

        var (exit, output, errors) = Cli.Run("resume", file);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal(
            $"hvdsl resume: snapshot {file} is unusable: snapshot checksum does not match: the file ({bytes.Length / 2 - RunSnapshotBytes.HeaderSize} bytes) " +
            "is truncated or corrupt",
            errors.TrimEnd());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(100)]
    [InlineData(-40)]
    public void Bit_flipped_snapshot_exits_64_with_one_line(int offset)
    {
        var file = Save(1000);
        var bytes = File.ReadAllBytes(file);
        bytes[offset < 0 ? bytes.Length + offset : offset] ^= 0x10;
        File.WriteAllBytes(file, bytes);

        var (exit, output, errors) = Cli.Run("resume", file);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"hvdsl resume: snapshot {file} is unusable: ", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Missing_snapshot_exits_64_with_one_line()
    {
        var file = Path.Combine(scratch, "missing.snap");

        var (exit, _, errors) = Cli.Run("resume", file);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl resume: cannot read snapshot {file}: ", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Unwritable_snapshot_path_exits_64_with_one_line()
    {
        var file = Path.Combine(scratch, "no-such-folder", "kernel.snap");

        var (exit, _, errors) = Cli.Run("run", "--demo", "kernel", "--save-at", "1000", "--snapshot", file);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl run: cannot write snapshot {file}: ", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Save_at_without_snapshot_is_a_usage_error()
    {
        var (exit, _, errors) = Cli.Run("run", "--demo", "kernel", "--save-at", "10");

        Assert.Equal(64, exit);
        Assert.Equal("hvdsl run: --save-at N and --snapshot FILE go together", errors.TrimEnd());
    }

    private string Save(int saveAt)
    {
        var file = Path.Combine(scratch, $"kernel-{saveAt}.snap");
        Assert.Equal(0, Cli.Run("run", "--demo", "kernel", "--save-at", saveAt.ToString(), "--snapshot", file).Exit);
        return file;
    }
}
