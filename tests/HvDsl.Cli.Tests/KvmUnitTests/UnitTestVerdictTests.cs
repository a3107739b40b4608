using System;
using HvDsl.Cli.KvmUnitTests;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>A finished run is read as the suite's runtime.bash reads QEMU's: the debug-exit status, then the SUMMARY line.</summary>
public sealed class UnitTestVerdictTests
{
    [Fact]
    public void Status_1_passes_with_the_summary_from_the_last_five_lines()
    {
        var verdict = UnitTestVerdict.Read("t", 1, ["PASS: a", "SUMMARY: 2 tests", "", ""], null);

        Assert.Equal("PASS t (2 tests)", verdict.ToString());
    }

    [Fact]
    public void A_summary_older_than_the_last_five_lines_is_not_the_tests()
    {
        var verdict = UnitTestVerdict.Read("t", 1, ["SUMMARY: old", "1", "2", "3", "4", "5"], null);

        Assert.Equal("PASS t", verdict.ToString());
    }

    [Fact]
    public void Status_77_skips_and_status_3_fails_with_their_summaries()
    {
        Assert.Equal("SKIP t (1 tests, 1 skipped)", UnitTestVerdict.Read("t", 77, ["SUMMARY: 1 tests, 1 skipped\r"], null).ToString());
        Assert.Equal("FAIL t (3 tests, 1 unexpected failures)", UnitTestVerdict.Read("t", 3, ["SUMMARY: 3 tests, 1 unexpected failures"], null).ToString());
    }

    [Fact]
    public void A_run_that_ends_without_a_status_fails_with_hvdsls_reason()
    {
        var verdict = UnitTestVerdict.Read("t", 2, ["PASS: a"], "access to unmapped guest-physical address 0xFEE00020 (guest RIP 0x4084AF)");

        Assert.Equal("FAIL t (hvdsl run exit status 2: access to unmapped guest-physical address 0xFEE00020 (guest RIP 0x4084AF))", verdict.ToString());
    }

    [Fact]
    public void A_halt_with_interrupts_off_and_an_abort_fail_saying_so()
    {
        Assert.Equal("FAIL t (halted without reporting a status on port 0xF4)", UnitTestVerdict.Read("t", 0, [], null).ToString());
        Assert.Equal("FAIL t (aborted)", UnitTestVerdict.Read("t", 127, [], null).ToString());
        Assert.Equal("FAIL t (reported status 2)", UnitTestVerdict.Read("t", 5, [], null).ToString());
    }

    [Fact]
    public void A_test_killed_at_its_limit_fails_as_a_timeout()
    {
        Assert.Equal("FAIL t (timeout; duration=30s)", UnitTestVerdict.TimedOut("t", TimeSpan.FromSeconds(30)).ToString());
    }
}
