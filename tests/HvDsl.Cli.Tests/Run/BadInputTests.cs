using System;
using System.IO;

namespace HvDsl.Cli.Tests.Run;

/// <summary>Unusable images and arguments: exit status 64 and one clear line on stderr.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-run-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Empty_image_exits_64()
    {
        var image = Path.Combine(scratch, "empty.bin");
        File.WriteAllBytes(image, []);

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "real");

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl run: image {image} is empty", errors.TrimEnd());
    }

    [Fact]
    public void Memory_beyond_what_the_host_can_give_exits_64_naming_the_size_and_the_limit()
    {
        if (Runtime.Memory.PhysicalMemory.HostLimit >= 64UL << 30) return; // this host could give it
        var image = GuestCode.Write(scratch, 64, a => a.hlt());

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "long", "--memory", "64G");

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl run: --memory 64G is more than this host can give ({Runtime.Memory.PhysicalMemory.HostLimit >> 20} MiB)", errors.TrimEnd());
    }

    [Fact]
    public void Missing_image_exits_64_with_one_line()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", Path.Combine(scratch, "nope.bin"), "--mode", "real");

        Assert.Equal(64, exit);
        Assert.StartsWith("hvdsl run: cannot read image", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Image_larger_than_ram_exits_64()
    {
        var image = Path.Combine(scratch, "big.bin");
        File.WriteAllBytes(image, new byte[2 << 20]);

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "protected", "--memory", "1MiB");

        Assert.Equal(64, exit);
        Assert.Contains("is larger than RAM", errors);
    }

    [Fact]
    public void Image_not_fitting_at_its_load_address_exits_64()
    {
        var image = Path.Combine(scratch, "tail.bin");
        File.WriteAllBytes(image, new byte[8192]);

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "long", "--memory", "1M", "--load", "0xFF000");

        Assert.Equal(64, exit);
        Assert.Contains("does not fit at 0xFF000", errors);
    }

    [Theory]
    [InlineData("--mode", "virtual86")]
    [InlineData("--load", "0xZZ")]
    [InlineData("--memory", "lots")]
    [InlineData("--memory", "100")]
    [InlineData("--max-instructions", "-5")]
    [InlineData("--cpus", "0")]
    [InlineData("--cpus", "256")]
    [InlineData("--cpus", "two")]
    public void Bad_argument_exits_64(string option, string value)
    {
        var image = Path.Combine(scratch, "hlt.bin");
        File.WriteAllBytes(image, [0xF4]);
        var args = option == "--mode" ? new[] { "run", "--image", image, option, value } : ["run", "--image", image, "--mode", "real", option, value];

        var (exit, _, errors) = Cli.Run(args);

        Assert.Equal(64, exit);
        Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.Contains(option, errors);
    }

    [Fact]
    public void Unknown_option_exits_64()
    {
        var (exit, _, _) = Cli.Run("run", "--frobnicate");

        Assert.Equal(64, exit);
    }
}
