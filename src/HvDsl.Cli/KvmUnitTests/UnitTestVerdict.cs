using System;
using System.Collections.Generic;
using System.Linq;
using HvDsl.Cli.Running;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>What a test's run came to, as kvm-unit-tests' scripts/runtime.bash prints it.</summary>
internal enum UnitTestOutcome
{
    /// <summary>The test wrote status 0 to the debug-exit port (exit status 1).</summary>
    Pass,

    /// <summary>The test failed, timed out, or the run ended some other way.</summary>
    Fail,

    /// <summary>The test reported skip (status 38, exit status 77), or the runner did not start it.</summary>
    Skip,
}

/// <summary>One test's outcome and the note printed after its name: the guest's <c>SUMMARY:</c> or why it ended.</summary>
/// <param name="Name">The test's name.</param>
/// <param name="Outcome">Pass, fail or skip.</param>
/// <param name="Note">The summary or the reason, without parentheses; empty when there is neither.</param>
internal sealed record UnitTestVerdict(string Name, UnitTestOutcome Outcome, string Note)
{
    private const string SummaryPrefix = "SUMMARY: ";

    /// <summary>How many of the console's last lines the suite searches for the summary (<c>extract_summary</c>: <c>tail -5</c>).</summary>
    public const int SummaryLines = 5;

    /// <summary>The debug-exit status of a test that reports skip: (38 &lt;&lt; 1) | 1.</summary>
    public const int SkipStatus = 77;

    /// <summary>The debug-exit status of a test that called abort(): (63 &lt;&lt; 1) | 1.</summary>
    public const int AbortStatus = 127;

    /// <summary>The line the runner prints for this test, e.g. <c>PASS dummy (1 tests)</c>.</summary>
    public override string ToString() =>
        Note.Length == 0 ? $"{Outcome.ToString().ToUpperInvariant()} {Name}" : $"{Outcome.ToString().ToUpperInvariant()} {Name} ({Note})";

    /// <summary>A test the plan skipped.</summary>
    public static UnitTestVerdict Skipped(string name, string reason) => new(name, UnitTestOutcome.Skip, reason);

    /// <summary>A test killed at its time limit.</summary>
    public static UnitTestVerdict TimedOut(string name, TimeSpan timeout) =>
        new(name, UnitTestOutcome.Fail, $"timeout; duration={timeout.TotalSeconds:0.###}s");

    /// <summary>
    /// Reads a finished <c>hvdsl run</c>: its exit status, the console's last lines (<paramref name="lastLines"/>) and the
    /// message it printed on stderr about how the run ended (<paramref name="message"/>, without <c>hvdsl run: </c>). Exit statuses 1 and 77 are the test's own pass and skip; every other status fails, noted with
    /// the summary if the test printed one, else with what ended the run.
    /// </summary>
    public static UnitTestVerdict Read(string name, int exitStatus, IReadOnlyList<string> lastLines, string? message)
    {
        var summary = lastLines.TakeLast(SummaryLines).Select(line => line.TrimEnd('\r'))
            .LastOrDefault(line => line.StartsWith(SummaryPrefix, StringComparison.Ordinal))?[SummaryPrefix.Length..] ?? "";
        if (exitStatus == 1) return new(name, UnitTestOutcome.Pass, summary);
        if (exitStatus == SkipStatus) return new(name, UnitTestOutcome.Skip, summary);
        if (summary.Length > 0) return new(name, UnitTestOutcome.Fail, summary);
        var reason = exitStatus switch
        {
            AbortStatus => "aborted",
            ExitStatus.Halted => "halted without reporting a status on port 0xF4",
            _ when (exitStatus & 1) == 1 && exitStatus < 256 => $"reported status {exitStatus >> 1}",
            _ => $"hvdsl run exit status {exitStatus}",
        };
        return new(name, UnitTestOutcome.Fail, message is { Length: > 0 } ? $"{reason}: {message}" : reason);
    }
}
