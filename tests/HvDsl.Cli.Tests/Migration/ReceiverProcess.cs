using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HvDsl.Cli.Migration;

namespace HvDsl.Cli.Tests.Migration;

/// <summary><c>hvdsl migrate --listen 0</c> as a child process: the built <c>hvdsl.dll</c> beside the tests, run by <c>dotnet</c>.</summary>
internal sealed partial class ReceiverProcess : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Task<string> _stdout;

    private ReceiverProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        // The first stderr line names the port; the rest is read after exit.
        var first = process.StandardError.ReadLineAsync();
        var match = first.Wait(Patience) ? ListeningLine().Match(first.Result ?? "") : Match.Empty;
        if (!match.Success) throw new InvalidOperationException($"hvdsl migrate did not say where it listens: '{(first.IsCompleted ? first.Result : "(nothing)")}'");
        Port = int.Parse(match.Groups[1].Value);
    }

    /// <summary>The port the receiver listens on.</summary>
    public int Port { get; }

    /// <summary>Starts the receiver with <paramref name="key"/> in its environment, as a user would export it, and waits for its listening line.</summary>
    public static ReceiverProcess Start(string key)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment[MigrationKey.Variable] = key;
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "hvdsl.dll"), "migrate", "--listen", "0" })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        try
        {
            return new ReceiverProcess(process);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the receiver to end and returns its exit status, stdout and the stderr after the listening line.</summary>
    public (int Exit, string Out, string Err) Finish()
    {
        if (!_process.WaitForExit(Patience)) throw new TimeoutException($"hvdsl migrate still running after {Patience.TotalSeconds} s");
        return (_process.ExitCode, _stdout.Result, _process.StandardError.ReadToEnd());
    }

    /// <summary>Kills the receiver if it is still running, so a failed test leaves no process behind.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    [GeneratedRegex(@"^hvdsl migrate: listening on 127\.0\.0\.1:(\d+)$")]
    private static partial Regex ListeningLine();
}
