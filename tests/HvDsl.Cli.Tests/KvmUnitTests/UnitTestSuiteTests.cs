using System.IO;
using HvDsl.Cli.KvmUnitTests;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>The runner walks unittests.cfg in order, a line per test and the totals, whatever runs each test.</summary>
public sealed class UnitTestSuiteTests : System.IDisposable
{
    private readonly string _suite = Directory.CreateTempSubdirectory("hvdsl-kut-").FullName;

    public UnitTestSuiteTests()
    {
        Directory.CreateDirectory(Path.Combine(_suite, "x86"));
        File.WriteAllBytes(Path.Combine(_suite, "x86", "t.flat"), [0x7F]);
        File.WriteAllText(Path.Combine(_suite, "unittests.cfg"), "[good]\nfile = t.flat\n[bad]\nfile = t.flat\n[wide]\nfile = t.flat\nsmp = 2\n");
    }

    public void Dispose() => Directory.Delete(_suite, recursive: true);

    [Fact]
    public void Each_test_gets_a_line_then_the_totals()
    {
        var stdout = new StringWriter();

        UnitTestSuite.Run(_suite, [], canRunCpus: false, null,
            plan => UnitTestVerdict.Read(plan.Name, plan.Name == "good" ? 1 : 3, [], null), stdout, out _);

        Assert.Equal(
            "PASS good\nFAIL bad (reported status 1)\nSKIP wide (needs 2 processors (-smp 2), and hvdsl run has no --cpus yet)\n" +
            "kvm-unit-tests: 1 passed, 1 failed, 1 skipped\n", stdout.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Naming_a_test_runs_only_that_one_and_an_unknown_name_is_refused()
    {
        var stdout = new StringWriter();

        UnitTestSuite.Run(_suite, ["bad"], canRunCpus: false, null, plan => UnitTestVerdict.Read(plan.Name, 1, [], null), stdout, out _);
        var refused = UnitTestSuite.Run(_suite, ["nope"], canRunCpus: false, null, plan => UnitTestVerdict.Read(plan.Name, 1, [], null), TextWriter.Null, out var error);

        Assert.Equal("PASS bad\nkvm-unit-tests: 1 passed, 0 failed, 0 skipped\n", stdout.ToString().ReplaceLineEndings("\n"));
        Assert.Null(refused);
        Assert.Equal($"{Path.Combine(_suite, "unittests.cfg")} has no test called 'nope'", error);
    }
}
