using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Serve;

/// <summary>The system's <c>nc</c> (netcat-openbsd) as a client independent of .NET sockets.</summary>
internal static class Netcat
{
    /// <summary>Where <c>nc</c> is on PATH, or null.</summary>
    public static string? Location { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "nc"))
        .FirstOrDefault(File.Exists);

    /// <summary>Runs <c>nc -N 127.0.0.1 PORT</c> with <paramref name="input"/> on stdin; -N half-closes after it so the server sees the end.</summary>
    public static async Task<string> ExchangeAsync(int port, string input)
    {
        var start = new ProcessStartInfo(Location ?? throw new InvalidOperationException("nc missing: apt-get install netcat-openbsd"), $"-N -w 5 127.0.0.1 {port}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var nc = Process.Start(start)!;
        await nc.StandardInput.WriteAsync(input);
        nc.StandardInput.Close();
        var output = nc.StandardOutput.ReadToEndAsync();
        if (!nc.WaitForExit(Loopback.Patience))
        {
            nc.Kill();
            throw new TimeoutException("nc did not finish");
        }
        return await output;
    }
}

/// <summary>A test that needs <c>nc</c>: skipped where it is missing, except in CI (CI=true), which installs it.</summary>
internal sealed class NetcatFactAttribute : FactAttribute
{
    public NetcatFactAttribute()
    {
        if (Netcat.Location is null && Environment.GetEnvironmentVariable("CI") != "true") Skip = "nc is not installed (apt-get install netcat-openbsd)";
    }
}
