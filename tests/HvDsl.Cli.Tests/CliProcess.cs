using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using HvDsl.Cli.Tests.Serve;

namespace HvDsl.Cli.Tests;

/// <summary><c>hvdsl</c> in a child process, so a real SIGINT (Ctrl+C) can reach it; its stderr kept line by line (a carriage return ends one too).</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly string _arguments;

    public CliProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hvdsl.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        _arguments = string.Join(' ', arguments);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) _lines.Add(line);
            else _lines.CompleteAdding();
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The stderr lines <see cref="WaitForLine"/> has not consumed; complete once the process has exited.</summary>
    public string[] Lines => [.. _lines];

    /// <summary>Waits, boundedly, for the next stderr line that contains <paramref name="text"/>.</summary>
    public string WaitForLine(string text)
    {
        using var timeout = new CancellationTokenSource(Loopback.Patience);
        try
        {
            return _lines.GetConsumingEnumerable(timeout.Token).First(l => l.Contains(text, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            throw new TimeoutException($"hvdsl {_arguments} wrote no line with '{text}'");
        }
    }

    /// <summary>Presses Ctrl+C: SIGINT, sent by the system's <c>kill</c>.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", $"{_process.Id}"]);
        Assert.True(kill.WaitForExit(Loopback.Patience) && kill.ExitCode == 0, "kill -INT failed");
    }

    /// <summary>The exit code, waiting boundedly for the process to end.</summary>
    public int WaitForExit()
    {
        Assert.True(_process.WaitForExit(Loopback.Patience), $"hvdsl {_arguments} did not exit");
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}

/// <summary>The tests that start <c>hvdsl</c> processes: one at a time, since two starting at once on a loaded machine can outlast the patience.</summary>
[CollectionDefinition(nameof(CliProcess))]
public sealed class CliProcessCollection;
