using System.IO;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>The kvm-unit-tests binaries, multiboot ELF32 images nobody here wrote, start through <c>hvdsl run --kernel</c> and the runner.</summary>
public sealed class KernelLoaderTests
{
    [KvmUnitTestsFact]
    public void Dummy_boots_unmodified_and_reports_pass_through_the_debug_exit_port()
    {
        var dummy = Path.Combine(KvmUnitTestsDirectory.Find()!, "x86", "dummy.flat");

        var (exit, output, errors) = Cli.Run("run", "--kernel", dummy, "--max-instructions", "100000000");

        // The suite's pass is status 0 written to port 0xF4, which the run turns into exit status (0 << 1) | 1.
        Assert.True(exit == 1, $"exit {exit}: {errors}");
        Assert.Contains("Dummy Hello World!", output);
    }

    [KvmUnitTestsFact]
    public void Realmode_wakes_from_sti_hlt_on_the_bios_timer_and_passes_every_check()
    {
        var realmode = Path.Combine(KvmUnitTestsDirectory.Find()!, "x86", "realmode.flat");

        var (exit, output, errors) = Cli.Run("run", "--kernel", realmode, "--max-instructions", "100000000");

        // "sti inhibit" ends in sti; hlt, which only the BIOS's timer interrupt ends; the last checks read DR0 and XADD.
        Assert.Contains("PASS: sti inhibit", output);
        Assert.Contains("PASS: mov dr with mod bits", output);
        Assert.Contains("PASS: xadd", output);
        Assert.DoesNotContain("FAIL", output);
        Assert.True(exit == 1, $"exit {exit}: {errors}");
    }

    [KvmUnitTestsFact]
    public void The_runner_reads_the_suites_own_unittests_cfg_and_reports_each_named_test_and_the_totals()
    {
        var (exit, output, errors) = Cli.Run("kvm-unit-tests", "--dir", KvmUnitTestsDirectory.Find()!, "--test", "smptest", "--test", "hypercall");

        var lines = output.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.True(exit is ExitStatus.Ok or ExitStatus.Problems, $"exit {exit}: {errors}");
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^(PASS|FAIL|SKIP) smptest( \(.*\))?$", lines[0]);
        Assert.Matches(@"^(PASS|FAIL|SKIP) hypercall( \(.*\))?$", lines[1]);
        Assert.Matches(@"^kvm-unit-tests: \d+ passed, \d+ failed, \d+ skipped$", lines[2]);
    }
}
