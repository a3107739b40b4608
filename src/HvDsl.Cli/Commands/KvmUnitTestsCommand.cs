using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using HvDsl.Cli.KvmUnitTests;

namespace HvDsl.Cli.Commands;

/// <summary>
/// <c>hvdsl kvm-unit-tests [--dir DIR] [--test NAME]...</c>: boots each test of a built kvm-unit-tests suite with
/// <c>hvdsl run --kernel</c> as its <c>unittests.cfg</c> describes, a line per test, then
/// <c>kvm-unit-tests: P passed, F failed, S skipped</c>.
/// </summary>
internal static class KvmUnitTestsCommand
{
    /// <summary>The command's name.</summary>
    public const string Name = "kvm-unit-tests";

    /// <summary>The variable that overrides every test's time limit, as in the suite's own runner.</summary>
    public const string TimeoutVariable = "TIMEOUT";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dir = new Option<string>("--dir")
        {
            Description = $"The built suite (unittests.cfg and x86/); default ${KvmUnitTestsFolder.Variable}, else shared/kvm-unit-tests/ beside the repository.",
        };
        var tests = new Option<string[]>("--test") { Description = "Run only this test of unittests.cfg; repeat for more." };
        var command = new Command(Name,
            "Boot each kvm-unit-tests test with 'hvdsl run --kernel' as unittests.cfg describes and report PASS/FAIL/SKIP per test. " +
            $"Exit status 0 when none failed (or no suite was found), 1 when one did, 64 for a bad --dir, --test or unittests.cfg. ${TimeoutVariable} overrides each test's time limit.")
        {
            dir, tests,
        };
        command.SetAction(result => Run(result.GetValue(dir), result.GetValue(tests) ?? [], stdout, stderr));
        return command;
    }

    private static int Run(string? dir, string[] only, TextWriter stdout, TextWriter stderr)
    {
        string folder;
        if (dir is not null)
        {
            if (!KvmUnitTestsFolder.Holds(dir))
            {
                stderr.WriteLine($"hvdsl {Name}: {dir} has no unittests.cfg and x86/ folder");
                return ExitStatus.Usage;
            }
            folder = dir;
        }
        else if (KvmUnitTestsFolder.Find(Directory.GetCurrentDirectory()) is { } found) folder = found;
        else
        {
            stdout.WriteLine($"kvm-unit-tests: skipped: {KvmUnitTestsFolder.Missing}");
            return ExitStatus.Ok;
        }
        var verdicts = UnitTestSuite.Run(folder, only, RunHasCpus(), Environment.GetEnvironmentVariable(TimeoutVariable), UnitTestProcess.Run, stdout, out var error);
        if (verdicts is null)
        {
            stderr.WriteLine($"hvdsl {Name}: {error}");
            return ExitStatus.Usage;
        }
        return verdicts.Any(verdict => verdict.Outcome == UnitTestOutcome.Fail) ? ExitStatus.Problems : ExitStatus.Ok;
    }

    /// <summary>Whether <c>hvdsl run</c> takes <c>--cpus</c>, as its help would show; tests that need several processors wait for it.</summary>
    private static bool RunHasCpus() => RunCommand.Create(TextWriter.Null, TextWriter.Null).Options.Any(option => option.Name == "--cpus");
}
