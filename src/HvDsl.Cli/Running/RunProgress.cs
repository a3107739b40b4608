using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace HvDsl.Cli.Running;

/// <summary>
/// The progress line of a long run on stderr: instructions, their rate and the exits so far, rewritten in place
/// (carriage return) at most every <see cref="Interval"/>, and erased before the report.
/// </summary>
internal sealed class RunProgress(TextWriter stderr)
{
    /// <summary>The shortest time between two refreshes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _sinceShown = Stopwatch.StartNew();
    private int _shownLength;

    /// <summary>Whether <c>--progress</c> turns the line on: always, never, or (auto) when neither stdout nor stderr is redirected.</summary>
    public static bool Enabled(ProgressMode mode) => mode switch
    {
        ProgressMode.Always => true,
        ProgressMode.Never => false,
        _ => !Console.IsOutputRedirected && !Console.IsErrorRedirected,
    };

    /// <summary>Rewrites the line if <see cref="Interval"/> has passed since it was last written.</summary>
    public void Show(ulong instructions, long exits, TimeSpan elapsed)
    {
        if (_sinceShown.Elapsed < Interval) return;
        _sinceShown.Restart();
        var rate = instructions / Math.Max(elapsed.TotalSeconds, 1e-9);
        var line = string.Format(CultureInfo.InvariantCulture, "guest: {0:N0} instructions, {1:N0} instructions/s, {2:N0} exits", instructions, rate, exits);
        stderr.Write($"\r{line.PadRight(_shownLength)}");
        stderr.Flush();
        _shownLength = line.Length;
    }

    /// <summary>Erases the line, so what follows starts at the left margin.</summary>
    public void Clear()
    {
        if (_shownLength == 0) return;
        stderr.Write($"\r{new string(' ', _shownLength)}\r");
        _shownLength = 0;
    }
}

/// <summary>When <c>hvdsl run</c> shows its progress line.</summary>
internal enum ProgressMode
{
    /// <summary>When neither standard output nor standard error is redirected.</summary>
    Auto,

    /// <summary>Always, even into a file or pipe.</summary>
    Always,

    /// <summary>Never.</summary>
    Never,
}
