using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Gdb;

/// <summary>Real gdb in batch mode (<c>gdb -batch -nx -ex ...</c>): one run of commands, its whole output.</summary>
internal sealed class GdbBatch : IDisposable
{
    /// <summary>A generous bound on one batch: gdb starting on a loaded machine and the guest's steps.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly Process _gdb;
    private readonly Task<string> _output;
    private readonly Task<string> _errors;
    private readonly string _commands;

    /// <summary>Starts gdb with <paramref name="commands"/>, each an <c>-ex</c>.</summary>
    public GdbBatch(params string[] commands)
    {
        var start = new ProcessStartInfo(Location!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "-batch", "-nx" }) start.ArgumentList.Add(argument);
        foreach (var command in commands)
        {
            start.ArgumentList.Add("-ex");
            start.ArgumentList.Add(command);
        }
        _commands = string.Join(" | ", commands);
        _gdb = Process.Start(start)!;
        _gdb.StandardInput.Close();
        _output = _gdb.StandardOutput.ReadToEndAsync();
        _errors = _gdb.StandardError.ReadToEndAsync();
    }

    /// <summary>Where gdb is, or null where it is not installed.</summary>
    public static string? Location { get; } = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
        .Select(folder => Path.Combine(folder, "gdb")).FirstOrDefault(File.Exists);

    /// <summary>Runs gdb with <paramref name="commands"/> and returns stdout and stderr together.</summary>
    public static async Task<string> Run(params string[] commands)
    {
        using var gdb = new GdbBatch(commands);
        return await gdb.Output();
    }

    /// <summary>Presses Ctrl+C in gdb: SIGINT, which gdb passes to the target as the protocol's interrupt byte.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", $"{_gdb.Id}"]);
        Assert.True(kill.WaitForExit(Patience) && kill.ExitCode == 0, "kill -INT failed");
    }

    /// <summary>Waits, boundedly, for gdb to finish and returns stdout and stderr together.</summary>
    public async Task<string> Output()
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await _gdb.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _gdb.Kill();
            throw new TimeoutException($"gdb did not finish: {_commands}");
        }
        return await _output + await _errors;
    }

    public void Dispose()
    {
        if (!_gdb.HasExited) _gdb.Kill();
        _gdb.Dispose();
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
