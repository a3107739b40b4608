using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Linux;

/// <summary>
/// <c>hvdsl</c> in a child process as a user at a serial console sees it: what is typed goes to its standard input
/// (<c>--input -</c>, COM1's receiver), what the guest prints is read from its standard output; every wait ends by one deadline.
/// </summary>
internal sealed class GuestConsole : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly object _gate = new();
    private readonly Task _reader;
    private readonly DateTime _deadline;
    private readonly TimeSpan _bound;
    private string _progress = "";

    /// <summary>Starts <c>hvdsl</c> with <paramref name="arguments"/>; every wait after this ends <paramref name="bound"/> from now.</summary>
    public GuestConsole(TimeSpan bound, params string[] arguments)
    {
        _bound = bound;
        _deadline = DateTime.UtcNow + bound;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hvdsl.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => OnError(e.Data);
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadOutput);
    }

    /// <summary>Everything the guest has printed so far.</summary>
    public string Output
    {
        get { lock (_gate) return _output.ToString(); }
    }

    /// <summary>How many characters the guest has printed so far: a mark for <see cref="WaitFor"/>.</summary>
    public int Length
    {
        get { lock (_gate) return _output.Length; }
    }

    /// <summary>The instruction count of the latest progress line on stderr (<c>--progress always</c>), or 0 before the first.</summary>
    public ulong ProgressInstructions
    {
        get
        {
            string line;
            lock (_gate) line = _progress;
            var end = line.IndexOf(" instructions", StringComparison.Ordinal);
            return end > "guest: ".Length ? ulong.Parse(line["guest: ".Length..end], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : 0;
        }
    }

    /// <summary>What hvdsl wrote on stderr, progress lines left out.</summary>
    public string Errors
    {
        get { lock (_gate) return _errors.ToString(); }
    }

    /// <summary>Waits for <paramref name="text"/> printed at or after <paramref name="from"/>; returns where it starts. Fails with the transcript's end at the deadline or when hvdsl exits first.</summary>
    public int WaitFor(string text, int from)
    {
        var at = -1;
        Await($"'{text}'", () => (at = _output.ToString().IndexOf(text, Math.Min(from, _output.Length), StringComparison.Ordinal)) >= 0);
        return at;
    }

    /// <summary>Waits for stderr (progress lines aside) to match <paramref name="pattern"/> and returns the match; fails as <see cref="WaitFor"/> does.</summary>
    public Match WaitForError(Regex pattern)
    {
        var match = Match.Empty;
        Await($"a stderr line matching {pattern}", () => (match = pattern.Match(_errors.ToString())).Success);
        return match;
    }

    /// <summary>Types <paramref name="line"/> and Enter.</summary>
    public void Type(string line)
    {
        _process.StandardInput.Write(line + "\n");
        _process.StandardInput.Flush();
    }

    /// <summary>The exit status, waiting until the deadline; the output is complete when this returns.</summary>
    public int WaitForExit()
    {
        var left = _deadline - DateTime.UtcNow;
        if (left < TimeSpan.Zero || !_process.WaitForExit(left) || !_reader.Wait(TimeSpan.FromMinutes(1)))
            throw new TimeoutException($"hvdsl did not exit within {_bound.TotalMinutes} minutes; the guest's output ends:\n{Tail()}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>The last lines of the transcript, for a failure message.</summary>
    public string Tail()
    {
        var output = Output;
        return output.Length <= 4000 ? output : output[^4000..];
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    /// <summary>Waits under the lock, which both readers pulse, until <paramref name="found"/> holds; fails at the deadline or when hvdsl exits first.</summary>
    private void Await(string what, Func<bool> found)
    {
        lock (_gate)
        {
            while (true)
            {
                if (found()) return;
                var left = _deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"no {what} within {_bound.TotalMinutes} minutes; the guest's output ends:\n{Tail()}");
                if (_reader.IsCompleted) throw new InvalidOperationException($"hvdsl ended before printing {what}; stderr:\n{_errors}\nthe guest's output ends:\n{Tail()}");
                Monitor.Wait(_gate, left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
            }
        }
    }

    private void ReadOutput()
    {
        var buffer = new char[4096];
        int read;
        while ((read = _process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (_gate)
            {
                _output.Append(buffer, 0, read);
                Monitor.PulseAll(_gate);
            }
        }
        lock (_gate) Monitor.PulseAll(_gate);
    }

    private void OnError(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            if (line.StartsWith("guest: ", StringComparison.Ordinal)) _progress = line;
            else if (line.Length > 0) _errors.AppendLine(line);
            Monitor.PulseAll(_gate);
        }
    }
}
