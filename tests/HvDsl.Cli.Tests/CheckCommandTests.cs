using System;
using System.IO;
using System.Linq;

namespace HvDsl.Cli.Tests;

/// <summary><c>hvdsl check</c> run in-process against the real spec library and broken files.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-cli-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Check_specs_exits_0_with_a_one_line_summary()
    {
        var (exit, output, errors) = Cli.Run("check", Cli.SpecsFolder());

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        var line = Assert.Single(output.TrimEnd().Split('\n'));
        Assert.Matches($@"^checked \d+ files: {Cli.SpecDeviceCount()} devices, .* 1 machines — no problems$", line);
    }

    [Fact]
    public void Broken_file_exits_1_with_compiler_format_lines()
    {
        var path = Path.Combine(scratch, "broken.hvspec");
        File.WriteAllText(path, "device D {\n    size 1;\n    size 2;\n    register R @0 : u8 rw reset 0x100;\n}\n");

        var (exit, output, _) = Cli.Run("check", path);

        Assert.Equal(1, exit);
        Assert.Equal(
            $"{path}(3,5): error HV0018: 'size' is already set in 'D'. Keep one.\n" +
            $"{path}(4,33): error HV0008: Reset value 0x100 does not fit in 8 bit(s) of register 'R'. Use a smaller value or more bits.\n",
            output.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Five_independent_mistakes_are_five_located_lines_in_one_check()
    {
        var corpus = Path.Combine(Path.GetDirectoryName(Cli.SpecsFolder())!, "tests", "specs", "five-mistakes");

        var (exit, output, _) = Cli.Run("check", corpus);

        Assert.Equal(1, exit);
        var expected = File.ReadAllLines(Path.Combine(corpus, "expected.txt")).Select(line => Path.Combine(corpus, line));
        var located = output.Replace("\r\n", "\n").TrimEnd().Split('\n').Select(line => line[..line.IndexOf(": ", line.IndexOf("error ", StringComparison.Ordinal), StringComparison.Ordinal)]);
        Assert.Equal(expected, located);
    }

    [Fact]
    public void Warnings_alone_exit_0_and_the_summary_counts_them()
    {
        var path = Path.Combine(scratch, "suspect.hvspec");
        File.WriteAllText(path, "device D {\n    size 1;\n    register R @0 : u8 rw { F @0..1 { A = 1, B = 1 } }\n}\n");

        var (exit, output, _) = Cli.Run("check", path);

        Assert.Equal(0, exit);
        var lines = output.Replace("\r\n", "\n").TrimEnd().Split('\n');
        Assert.StartsWith($"{path}(3,46): warning HV0038: ", lines[0]);
        Assert.EndsWith("— no errors, 1 warning(s)", lines[1]);
    }

    [Fact]
    public void Syntax_error_exits_1_with_a_located_hv0001()
    {
        var path = Path.Combine(scratch, "syntax.hvspec");
        File.WriteAllText(path, "machine M {\n    memory 64 MiB\n}\n");

        var (exit, output, _) = Cli.Run("check", scratch);

        Assert.Equal(1, exit);
        Assert.StartsWith($"{path}(3,1): error HV0001: Syntax error: expected ';'", output);
    }

    [Fact]
    public void Missing_path_exits_1_with_one_clear_line()
    {
        var (exit, output, errors) = Cli.Run("check", Path.Combine(scratch, "nope"));

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Equal($"hvdsl: no such file or folder: {Path.Combine(scratch, "nope")}", errors.TrimEnd());
    }

    [Fact]
    public void Check_without_paths_is_a_usage_error_exit_64()
    {
        var (exit, _, errors) = Cli.Run("check");

        Assert.Equal(64, exit);
        Assert.StartsWith("hvdsl check: ", errors);
    }

    [Fact]
    public void Binary_garbage_is_reported_not_thrown()
    {
        var path = Path.Combine(scratch, "garbage.hvspec");
        File.WriteAllBytes(path, [0xFF, 0x00, 0x7B, 0xFE, 0x0A, 0x01]);

        var (exit, output, errors) = Cli.Run("check", path);

        Assert.Equal(1, exit);
        Assert.Contains("error HV0001", output);
        Assert.DoesNotContain("   at ", output + errors);
    }
}
