using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace HvDsl.Generators.Tests.Packaging;

/// <summary>Runs the <c>dotnet</c> CLI as a child process, bounded by a timeout, without build servers that would outlive it.</summary>
internal static class DotNet
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="folder"/>; returns the exit code and all output.</summary>
    public static (int Exit, string Output) Run(string folder, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild variables point at its own SDK resolution and would confuse a fresh build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
