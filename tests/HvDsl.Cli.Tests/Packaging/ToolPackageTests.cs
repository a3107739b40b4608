using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using HvDsl.Generators.Tests.Packaging;

namespace HvDsl.Cli.Tests.Packaging;

/// <summary>
/// Every package packed into a temporary feed: distinct ids, each with its readme and licence, and the command line as a
/// .NET tool that <c>dotnet tool install --add-source</c> turns into a working <c>hvdsl</c>. The install reads only the
/// local feed (a NuGet.config that clears every other source) into a private packages folder, so it needs no registry.
/// A copy of samples/TinyBoard whose project references become package references then builds from the feed (and the
/// machine's packages folder, for Iced and Sprache) and runs on the installed tool with <c>--machine</c>.
/// </summary>
[Trait("Category", "Packaging")]
[Collection(nameof(ToolPackageTests))]
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);
    private static readonly string[] Projects = ["src/HvDsl.Runtime", "src/HvDsl.Machines.Pc", "src/HvDsl", "src/HvDsl.Testing", "src/HvDsl.Cli"];

    private readonly string _root = Directory.CreateTempSubdirectory("hvdsl-tool-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Packed_tool_installs_from_a_local_feed_as_a_working_hvdsl_that_runs_the_sample_board_built_from_the_packages()
    {
        var feed = Pack();

        var packages = Directory.GetFiles(feed, "*.nupkg").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["HvDsl.0.1.0.nupkg", "HvDsl.Machines.Pc.0.1.0.nupkg", "HvDsl.Runtime.0.1.0.nupkg", "HvDsl.Testing.0.1.0.nupkg", "HvDsl.Tool.0.1.0.nupkg"], packages);
        foreach (var package in packages)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(feed, package));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.Contains(zip.Entries, e => e.FullName == "LICENSE");
        }
        // HvDsl.Testing runs the generator itself, which is no package of its own.
        using (var testing = ZipFile.OpenRead(Path.Combine(feed, "HvDsl.Testing.0.1.0.nupkg")))
            Assert.Superset(new HashSet<string> { "lib/net10.0/HvDsl.Testing.dll", "lib/net10.0/HvDsl.Generators.dll", "lib/net10.0/HvDsl.Language.dll" }, testing.Entries.Select(e => e.FullName).ToHashSet());

        var tools = Path.Combine(_root, "tools");
        var config = Path.Combine(_root, "NuGet.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
            """);
        var (installed, installOutput) = DotNet.Run(_root, Environment(), Patience,
            "tool", "install", "HvDsl.Tool", "--version", "0.1.0", "--tool-path", tools, "--configfile", config, "--add-source", feed);
        Assert.True(installed == 0, installOutput);

        var (exit, version) = Hvdsl(tools, "--version");
        Assert.Equal(0, exit);
        Assert.StartsWith("0.1.0", version);
        var (checkExit, checkOutput) = Hvdsl(tools, "check", Cli.SpecsFolder());
        Assert.True(checkExit == 0, checkOutput);
        Assert.Contains("no problems", checkOutput);

        var board = BuildSampleFromFeed(feed);
        var image = Path.Combine(_root, "tiny.bin");
        File.WriteAllBytes(image, TinyBoard.TinyGuest.Build());
        var (runExit, runOutput) = Hvdsl(tools, "run", "--machine", board, "--image", image, "--mode", "real");
        Assert.True(runExit == TinyBoard.TinyGuest.ExitStatus, runOutput);
        Assert.StartsWith(TinyBoard.TinyGuest.Output, runOutput);
    }

    /// <summary>Copies samples/TinyBoard, swaps its project references for the packages, builds it offline and returns its assembly.</summary>
    private string BuildSampleFromFeed(string feed)
    {
        var sample = Path.Combine(Path.GetDirectoryName(Cli.SpecsFolder())!, "samples", "TinyBoard");
        var copy = Path.Combine(_root, "TinyBoard");
        foreach (var file in Directory.GetFiles(sample, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sample, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(copy, relative))!);
            File.Copy(file, Path.Combine(copy, relative));
        }
        var project = Path.Combine(copy, "TinyBoard.csproj");
        File.WriteAllText(project, SampleProject.WithPackages(File.ReadAllText(project), "0.1.0"));
        // The feed for ours; the machine's packages folder, as a source, for the rest, so the build needs no registry.
        var config = Path.Combine(copy, "NuGet.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{feed}" /><add key="machine" value="{MachinePackages()}" /></packageSources></configuration>
            """);
        var (built, output) = DotNet.Run(copy, Environment(), Patience, "build", "-c", "Release", "--disable-build-servers", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(built == 0, $"the sample did not build from the packages:\n{output}");
        return Path.Combine(copy, "bin", "Release", "net10.0", "TinyBoard.dll");
    }

    // NUGET_PACKAGES, else the default ~/.nuget/packages: where the solution's own restore put Iced and Sprache.
    private static string MachinePackages() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private string Pack()
    {
        var feed = Path.Combine(_root, "feed");
        var root = Path.GetDirectoryName(Cli.SpecsFolder())!;
        foreach (var project in Projects)
        {
            // Packing restores from the machine's caches, which the solution's own restore filled.
            var (exit, output) = DotNet.Run(root, new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1" }, Patience,
                "pack", project, "-c", "Release", "-o", feed, "--disable-build-servers", "-nodeReuse:false");
            Assert.True(exit == 0, $"dotnet pack {project} failed:\n{output}");
        }
        return feed;
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
        ["NUGET_HTTP_CACHE_PATH"] = Path.Combine(_root, "http-cache"),
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    private static (int Exit, string Output) Hvdsl(string tools, params string[] arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Path.Combine(tools, "hvdsl"), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(Patience), $"hvdsl {string.Join(' ', arguments)} did not exit");
        return (process.ExitCode, output.Result + errors.Result);
    }
}

/// <summary>Packing builds the solution's projects in Release: alone, after the rest, so its load does not starve tests with short timeouts.</summary>
[CollectionDefinition(nameof(ToolPackageTests), DisableParallelization = true)]
public sealed class ToolPackageCollection;
