using System.Reflection;

namespace HvDsl.Cli.Tests;

/// <summary>What every command shares: typed options, help that lists allowed values, <c>--version</c> and one usage status.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("check", "specs", "--bogus")]
    [InlineData("gen", "specs", "--out", "x", "--bogus")]
    [InlineData("doc", "specs", "--out", "x", "--bogus")]
    [InlineData("serve", "specs", "--bogus")]
    [InlineData("connect", "127.0.0.1", "9", "--bogus")]
    [InlineData("run", "--bogus")]
    [InlineData("resume", "file", "--bogus")]
    [InlineData("migrate", "--listen", "0", "--bogus")]
    public void An_unknown_option_exits_64_in_every_command_naming_the_command_and_the_option(params string[] args)
    {
        var (exit, output, errors) = Cli.Run(args);

        Assert.Equal(64, exit);
        Assert.Empty(output);
        Assert.StartsWith($"hvdsl {args[0]}: ", errors);
        Assert.Contains("--bogus", errors);
    }

    [Theory]
    [InlineData("--listen 65536", "--listen must be a TCP port from 0 to 65535, not '65536'")]
    [InlineData("--listen 0 --bind nowhere", "--bind must be an IP address, not 'nowhere'")]
    public void A_bad_migrate_value_is_a_parse_error_naming_the_option(string args, string message)
    {
        var (exit, _, errors) = Cli.Run(["migrate", .. args.Split(' ')]);

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl migrate: {message}", errors.TrimEnd());
    }

    [Theory]
    [InlineData("serve specs --port 70000", "hvdsl serve: --port must be a TCP port from 0 to 65535, not '70000'")]
    [InlineData("serve specs --bind 300.1.1.1", "hvdsl serve: --bind must be an IP address, not '300.1.1.1'")]
    [InlineData("connect 127.0.0.1 9 --timeout -1", "hvdsl connect: --timeout must be a number of seconds more than 0, not '-1'")]
    [InlineData("connect 127.0.0.1 x", "hvdsl connect: port must be a TCP port from 1 to 65535, not 'x'")]
    public void A_bad_service_value_is_a_parse_error_naming_the_option(string args, string message)
    {
        var (exit, _, errors) = Cli.Run(args.Split(' '));

        Assert.Equal(64, exit);
        Assert.Equal(message, errors.TrimEnd());
    }

    [Fact]
    public void Run_help_lists_the_allowed_modes_and_loaders()
    {
        var (exit, output, _) = Cli.Run("run", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--mode <real|protected|paged|long>", output);
        Assert.Contains("--loader <elf|multiboot|pvh|linux>", output);
        Assert.Contains("--memory <SIZE>", output);
        Assert.Matches(@"--serial <stdio\|null\|FILE>\s+Where COM1's output goes\. \[default: stdio\]", output);
    }

    [Fact]
    public void Version_prints_the_assembly_version_and_exits_0()
    {
        var version = typeof(HvDslCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var (exit, output, _) = Cli.Run("--version");

        Assert.Equal(0, exit);
        Assert.Equal(version, output.TrimEnd());
        Assert.StartsWith("0.", version);
    }
}
