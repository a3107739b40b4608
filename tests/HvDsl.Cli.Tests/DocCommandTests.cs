using System;
using System.IO;

namespace HvDsl.Cli.Tests;

/// <summary><c>hvdsl doc</c>: Markdown register maps, with the same error conventions as <c>check</c>.</summary>
public sealed class DocCommandTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-doc-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Doc_writes_one_register_map_per_device()
    {
        var output = Path.Combine(scratch, "out");

        var (exit, stdout, errors) = Cli.Run("doc", Cli.SpecsFolder(), "--out", output);

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        Assert.Equal($"wrote {Cli.SpecDeviceCount()} files to {output}", stdout.TrimEnd());
        Assert.Equal(Cli.SpecDeviceCount(), Directory.GetFiles(output, "*.md").Length);
    }

    [Fact]
    public void Register_map_lists_offsets_banks_fields_with_bit_ranges_and_enum_values()
    {
        var spec = Path.Combine(scratch, "d.hvspec");
        File.WriteAllText(spec,
            "/// A tiny device.\ndevice D {\n    size 2; access 1;\n" +
            "    register Data @0 : u8 rw when Ctl.Bank == 0;\n" +
            "    register Ctl @1 : u8 rw reset 0x80 { Bank @7; Mode @1..2 { Off = 0, On = 3 } Err @0 w1c; }\n}\n");

        var (exit, _, _) = Cli.Run("doc", spec, "--out", scratch);

        Assert.Equal(0, exit);
        var map = File.ReadAllText(Path.Combine(scratch, "D.md"));
        Assert.Contains("# D register map\n\nA tiny device.", map);
        Assert.Contains("| 0x00 | Data | 8 | rw | 0x00 | Ctl.Bank == 0 |", map);
        Assert.Contains("| 0x01 | Ctl | 8 | rw | 0x80 | always |", map);
        Assert.Contains("| 7 | Bank | rw | 0x1 |", map);
        Assert.Contains("| 2:1 | Mode | rw | 0x0 | Off = 0, On = 3 |", map);
        Assert.Contains("| 0 | Err | w1c | 0x0 |", map);
    }

    [Fact]
    public void Broken_spec_exits_1_with_a_located_error_and_writes_nothing()
    {
        var spec = Path.Combine(scratch, "broken.hvspec");
        File.WriteAllText(spec, "device D {\n    size 1;\n    size 2;\n}\n");
        var output = Path.Combine(scratch, "out");

        var (exit, stdout, _) = Cli.Run("doc", spec, "--out", output);

        Assert.Equal(1, exit);
        Assert.StartsWith($"{spec}(3,5): error HV0018:", stdout);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Missing_out_option_is_a_usage_error()
    {
        var (exit, _, errors) = Cli.Run("doc", Cli.SpecsFolder());

        Assert.Equal(64, exit);
        Assert.Contains("--out", errors);
    }

    [Fact]
    public void Unwritable_out_folder_exits_1_with_one_line()
    {
        var blocker = Path.Combine(scratch, "file");
        File.WriteAllText(blocker, "not a folder");

        var (exit, _, errors) = Cli.Run("doc", Cli.SpecsFolder(), "--out", blocker);

        Assert.Equal(1, exit);
        Assert.StartsWith($"hvdsl: cannot write to {blocker}:", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }
}
