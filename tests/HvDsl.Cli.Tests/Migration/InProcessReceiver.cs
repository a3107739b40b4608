using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Migration;

/// <summary><c>hvdsl migrate --listen 0</c> run in-process on a worker thread, for tests that play the sender themselves.</summary>
internal sealed partial class InProcessReceiver
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly Task<int> _run;

    /// <summary>Starts the receiver with <paramref name="arguments"/> after <c>migrate --listen 0</c> and waits for its listening line.</summary>
    public InProcessReceiver(params string[] arguments)
    {
        var errors = TextWriter.Synchronized(_stderr);
        _run = Task.Run(() => HvDslCommand.Run(["migrate", "--listen", "0", .. arguments], _stdout, errors));
        for (var waited = TimeSpan.Zero; Port == 0; waited += TimeSpan.FromMilliseconds(20))
        {
            if (waited > Patience || _run.IsCompleted) throw new InvalidOperationException($"no listening line: {_stderr}");
            Thread.Sleep(20);
            string seen;
            // The synchronized writer locks itself, so reading under that lock never sees a half-written line.
            lock (errors) seen = _stderr.ToString();
            if (ListeningLine().Match(seen) is { Success: true } match) Port = int.Parse(match.Groups[1].Value);
        }
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Waits for the receiver to end and returns its exit status, stdout and the stderr after the listening line.</summary>
    public (int Exit, string Out, string Err) Finish()
    {
        if (!_run.Wait(Patience)) throw new TimeoutException("hvdsl migrate did not end");
        var lines = _stderr.ToString();
        return (_run.Result, _stdout.ToString(), lines[(lines.IndexOf('\n') + 1)..]);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
