using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace HvDsl.Runtime.Tests.Gcc;

/// <summary>The host's gcc and objcopy, found on PATH, run with a bounded wait.</summary>
internal static class GccToolchain
{
    /// <summary>Longest any one compile, link or native run may take before it is killed and the test fails.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Why the gcc tests cannot run here, or null when they can.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>Runs <paramref name="tool"/> in <paramref name="directory"/> and returns its standard output; a non-zero exit fails with its standard error.</summary>
    public static string Run(string directory, string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish within {Limit.TotalMinutes} minutes");
        }
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}");
        return output.Result;
    }

    private static string? FindMissing()
    {
        if (!Float.HostFpu.Available)
            return "needs an x86-64 Linux host: the native build of the program runs on it";
        foreach (var tool in new[] { "gcc", "objcopy" })
        {
            var path = Environment.GetEnvironmentVariable("PATH") ?? "";
            if (!path.Split(':').Any(directory => directory.Length > 0 && File.Exists(Path.Combine(directory, tool))))
                return $"needs the host's {tool} on PATH (Debian: apt-get install gcc binutils; .ci/run installs them)";
        }
        return null;
    }
}

/// <summary>A test that compiles C with the host's gcc: skipped, saying why, without gcc and objcopy or off x86-64 Linux.</summary>
internal sealed class GccFactAttribute : FactAttribute
{
    public GccFactAttribute()
    {
        if (GccToolchain.Missing is { } reason)
            Skip = reason;
    }
}
