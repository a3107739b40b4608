using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Tests.Services;

/// <summary>Runs the system's <c>nc</c> (netcat-openbsd) as an independent client.</summary>
internal static class Netcat
{
    public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => System.IO.Path.Combine(dir, "nc"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>nc</c> with <paramref name="arguments"/>, feeding <paramref name="input"/>; returns its output, killing it if it hangs.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string arguments, string input)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("nc is not installed: .ci/run must install netcat-openbsd"), arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process nc = Process.Start(start)!;
        await nc.StandardInput.WriteAsync(input);
        nc.StandardInput.Close();
        Task<string> output = nc.StandardOutput.ReadToEndAsync();
        try
        {
            await nc.WaitForExitAsync().WaitAsync(LoopbackHost.Patience);
        }
        catch (TimeoutException)
        {
            nc.Kill();
            throw;
        }
        return (nc.ExitCode, await output);
    }
}

/// <summary>A test that needs <c>nc</c>: skipped on a developer machine without it, failing in CI (CI=true) without it.</summary>
internal sealed class NetcatFactAttribute : FactAttribute
{
    public NetcatFactAttribute()
    {
        if (Netcat.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "nc is not installed here (apt-get install netcat-openbsd); CI installs it";
        }
    }
}
