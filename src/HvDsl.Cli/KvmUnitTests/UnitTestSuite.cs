using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>Runs the entries of a built suite's <c>unittests.cfg</c> one after another and prints a line each, then the totals.</summary>
internal static class UnitTestSuite
{
    /// <summary>
    /// Runs the tests of <paramref name="folder"/> (only those named in <paramref name="only"/> when it is not empty), each
    /// through <paramref name="run"/>; returns the verdicts, or null and <paramref name="error"/> when the folder is unusable.
    /// </summary>
    public static IReadOnlyList<UnitTestVerdict>? Run(string folder, IReadOnlyCollection<string> only, bool canRunCpus, string? timeoutOverride,
        Func<UnitTestPlan, UnitTestVerdict> run, TextWriter stdout, out string error)
    {
        error = "";
        var config = Path.Combine(folder, "unittests.cfg");
        string text;
        try
        {
            text = File.ReadAllText(config);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read {config}: {exception.Message}";
            return null;
        }
        if (UnitTestsConfig.Parse(text, config, out error) is not { } entries) return null;
        if (only.FirstOrDefault(name => entries.All(entry => entry.Name != name)) is { } unknown)
        {
            error = $"{config} has no test called '{unknown}'";
            return null;
        }
        var verdicts = new List<UnitTestVerdict>();
        foreach (var entry in entries.Where(entry => only.Count == 0 || only.Contains(entry.Name)))
        {
            var plan = UnitTestPlan.For(entry, Path.Combine(folder, "x86"), canRunCpus, timeoutOverride);
            var verdict = plan.SkipReason is { } reason ? UnitTestVerdict.Skipped(plan.Name, reason) : run(plan);
            stdout.WriteLine(verdict);
            stdout.Flush();
            verdicts.Add(verdict);
        }
        stdout.WriteLine(Totals(verdicts));
        return verdicts;
    }

    /// <summary>The summary line, <c>kvm-unit-tests: P passed, F failed, S skipped</c>.</summary>
    public static string Totals(IReadOnlyCollection<UnitTestVerdict> verdicts) =>
        $"kvm-unit-tests: {Count(verdicts, UnitTestOutcome.Pass)} passed, {Count(verdicts, UnitTestOutcome.Fail)} failed, {Count(verdicts, UnitTestOutcome.Skip)} skipped";

    private static int Count(IEnumerable<UnitTestVerdict> verdicts, UnitTestOutcome outcome) => verdicts.Count(verdict => verdict.Outcome == outcome);
}
