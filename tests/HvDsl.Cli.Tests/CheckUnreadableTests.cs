using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using HvDsl.Language.Parsing;

namespace HvDsl.Cli.Tests;

/// <summary><c>hvdsl check</c> of paths that are not plain readable spec files: each is one located line, and the rest of the folder is still checked.</summary>
public sealed class CheckUnreadableTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-cli-").FullName;

    public CheckUnreadableTests() =>
        File.WriteAllText(Path.Combine(scratch, "a-broken.hvspec"), "device D {\n    size 1;\n    size 2;\n}\n");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Fifo_in_a_folder_is_one_located_line_instead_of_a_hang()
    {
        var fifo = Path.Combine(scratch, "b-fifo.hvspec");
        Assert.Equal(0, MakeFifo(fifo, 0b110_100_100));

        var (exit, output) = await CheckFolder();

        Assert.Equal(1, exit);
        AssertLines(output, $"{fifo}(1,1): error HV0035: The file cannot be read: it is not a regular file (a pipe, socket or terminal).");
    }

    [Fact]
    public async Task Dangling_symbolic_link_in_a_folder_is_one_located_line_and_the_rest_is_checked()
    {
        var link = Path.Combine(scratch, "b-dangling.hvspec");
        File.CreateSymbolicLink(link, Path.Combine(scratch, "nowhere"));

        var (exit, output) = await CheckFolder();

        Assert.Equal(1, exit);
        AssertLines(output, $"{link}(1,1): error HV0035: The file cannot be read: No such file or directory.");
    }

    [Fact]
    public async Task Link_to_dev_zero_is_refused_after_reading_past_its_size_not_read_without_end()
    {
        var link = Path.Combine(scratch, "b-zero.hvspec");
        File.CreateSymbolicLink(link, "/dev/zero");

        var (exit, output) = await CheckFolder();

        Assert.Equal(1, exit);

        AssertLines(output, $"{link}(1,1): error HV0035: The file cannot be read: it is not a regular file (it delivers more bytes than its size).");
    }

    [Fact]
    public async Task File_over_the_size_limit_is_one_located_line()
    {
        var big = Path.Combine(scratch, "b-big.hvspec");
        File.WriteAllText(big, new string(' ', SpecParser.MaxLength + 1));

        var (exit, output) = await CheckFolder();

        Assert.Equal(1, exit);

        AssertLines(output, $"{big}(1,1): error HV0034: The file holds {SpecParser.MaxLength + 1} characters; a spec file may hold at most {SpecParser.MaxLength} characters.");
    }

    [Fact]
    public async Task File_over_three_times_the_limit_in_bytes_is_refused_without_reading_it()
    {
        var huge = Path.Combine(scratch, "b-huge.hvspec");
        using (var stream = File.Create(huge)) stream.SetLength(3L * SpecParser.MaxLength + 1);

        var (exit, output) = await CheckFolder();

        Assert.Equal(1, exit);

        AssertLines(output, $"{huge}(1,1): error HV0034: The file holds {3L * SpecParser.MaxLength + 1} bytes; a spec file may hold at most {SpecParser.MaxLength} characters.");
    }

    // Bounded so a regression fails the test instead of hanging the run; the check itself takes milliseconds.
    private async Task<(int Exit, string[] Lines)> CheckFolder()
    {
        var (exit, output, errors) = await Task.Run(() => Cli.Run("check", scratch)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Empty(errors);
        return (exit, output.TrimEnd().Split('\n'));
    }

    // The broken sibling is still checked, then the refused path is one line.
    private void AssertLines(string[] output, string refusal)
    {
        Assert.Equal(2, output.Length);
        Assert.StartsWith($"{scratch}/a-broken.hvspec(3,5): error HV0018", output[0]);
        Assert.StartsWith(refusal, output[1]);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
