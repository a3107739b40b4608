using System;
using System.IO;
using System.Linq;

namespace HvDsl.Cli.Tests;

/// <summary>Runs <c>hvdsl</c> in-process and finds the repository's spec library.</summary>
internal static class Cli
{
    /// <summary>The exit code and both output streams of one run.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = HvDslCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The <c>specs/</c> folder beside <c>HvDsl.sln</c>.</summary>
    public static string SpecsFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HvDsl.sln"))) return Path.Combine(folder.FullName, "specs");
        }
        throw new InvalidOperationException("HvDsl.sln not found");
    }

    /// <summary>How many device types the spec library declares: lines that open with <c>device</c>.</summary>
    public static int SpecDeviceCount() =>
        Directory.GetFiles(SpecsFolder(), "*.hvspec", SearchOption.AllDirectories)
            .Sum(path => File.ReadLines(path).Count(line => line.StartsWith("device ", StringComparison.Ordinal)));
}
