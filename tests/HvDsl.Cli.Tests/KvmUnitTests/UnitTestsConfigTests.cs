using HvDsl.Cli.KvmUnitTests;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>unittests.cfg is read as the suite's for_each_unittest reads it.</summary>
public sealed class UnitTestsConfigTests
{
    [Fact]
    public void Sections_take_their_keys_and_the_suite_defaults()
    {
        var entries = UnitTestsConfig.Parse("[a]\nfile = a.flat\nsmp = 2\ntimeout = 30\n\n[b]\nfile=b.flat\n", "u.cfg", out _)!;

        Assert.Equal(2, entries.Count);
        Assert.Equal(("a", "a.flat", "2", "30"), (entries[0].Name, entries[0].File, entries[0].Smp, entries[0].Timeout));
        Assert.Equal(("b", "b.flat", "1", ""), (entries[1].Name, entries[1].File, entries[1].Smp, entries[1].Timeout));
    }

    [Fact]
    public void Comments_unknown_keys_and_lines_before_the_first_section_are_passed_over()
    {
        var entries = UnitTestsConfig.Parse("file = stray.flat\n# [commented]\n[a]\n#file = no.flat\nfile = a.flat\ncolour = blue\n", "u.cfg", out _)!;

        var only = Assert.Single(entries);
        Assert.Equal(("a", "a.flat"), (only.Name, only.File));
    }

    [Fact]
    public void Extra_params_is_the_old_name_of_qemu_params()
    {
        var entries = UnitTestsConfig.Parse("[a]\nextra_params = -cpu max\n[b]\nqemu_params = -append 'x y'\n", "u.cfg", out _)!;

        Assert.Equal(["-cpu max", "-append 'x y'"], [entries[0].QemuParams, entries[1].QemuParams]);
    }

    [Fact]
    public void A_triple_quoted_value_runs_to_its_closing_line_and_a_backslash_joins_lines()
    {
        var entries = UnitTestsConfig.Parse("[a]\nqemu_params = \"\"\"-cpu max \\\n-append 'x'\n-m 256\"\"\"\nfile = a.flat\n", "u.cfg", out _)!;

        Assert.Equal("-cpu max -append 'x'\n-m 256", entries[0].QemuParams);
        Assert.Equal("a.flat", entries[0].File);
    }

    [Fact]
    public void A_triple_quoted_value_left_open_is_refused_naming_its_line()
    {
        var entries = UnitTestsConfig.Parse("[a]\nfile = a.flat\nqemu_params = \"\"\"-cpu max\n-m 256\n", "u.cfg", out var error);

        Assert.Null(entries);
        Assert.Equal("u.cfg(3): 'qemu_params' opens a \"\"\" value that no line closes", error);
    }
}
