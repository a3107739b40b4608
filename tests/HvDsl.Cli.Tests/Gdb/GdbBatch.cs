using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Gdb;

/// <summary>Real gdb in batch mode (<c>gdb -batch -nx -ex ...</c>): one run of commands, its whole output.</summary>
internal static class GdbBatch
{
    /// <summary>Where gdb is, or null where it is not installed.</summary>
    public static string? Location { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
        .Select(folder => Path.Combine(folder, "gdb")).FirstOrDefault(File.Exists);

    /// <summary>A generous bound on one batch: gdb starting on a loaded machine and the guest's steps.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>Runs gdb with <paramref name="commands"/> (each an <c>-ex</c>) and returns stdout and stderr together.</summary>
    public static async Task<string> Run(params string[] commands)
    {
        var start = new ProcessStartInfo(Location!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "-batch", "-nx" }) start.ArgumentList.Add(argument);
        foreach (var command in commands)
        {
            start.ArgumentList.Add("-ex");
            start.ArgumentList.Add(command);
        }
        using var gdb = Process.Start(start)!;
        gdb.StandardInput.Close();
        var output = gdb.StandardOutput.ReadToEndAsync();
        var errors = gdb.StandardError.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(Patience);
        try
        {
            await gdb.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            gdb.Kill();
            throw new TimeoutException($"gdb did not finish: {string.Join(" | ", commands)}");
        }
        return await output + await errors;
    }
}

/// <summary>A test that needs gdb: skipped where it is missing, except in CI (CI=true), whose .ci/run installs it.</summary>
internal sealed class GdbFactAttribute : FactAttribute
{
    public GdbFactAttribute()
    {
        if (GdbBatch.Location is null && Environment.GetEnvironmentVariable("CI") != "true") Skip = "gdb is not installed (apt-get install gdb); .ci/run installs it";
    }
}
