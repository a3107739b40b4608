using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace HvDsl.Cli.Tests.Serve;

/// <summary><c>hvdsl serve</c> in a child process, so a real SIGINT (Ctrl+C) can reach it; its stderr kept line by line.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];

    public ServeProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hvdsl.dll"));
        start.ArgumentList.Add("serve");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line) _lines.Add(line);
            else _lines.CompleteAdding();
        };
        _process.BeginErrorReadLine();
    }

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
            throw new TimeoutException($"hvdsl serve wrote no line with '{text}'");
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
        Assert.True(_process.WaitForExit(Loopback.Patience), "hvdsl serve did not exit");
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}

/// <summary>The tests that start <c>hvdsl serve</c>: one at a time, since two starting at once on a loaded machine can outlast the patience.</summary>
[CollectionDefinition(nameof(ServeProcess))]
public sealed class ServeProcessCollection;
