using System;
using System.IO;
using HvDsl.Cli.KvmUnitTests;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>An entry becomes the hvdsl run command line standing for the suite's QEMU one, or a skip with the suite's reason.</summary>
public sealed class UnitTestPlanTests : IDisposable
{
    private readonly string _x86 = Directory.CreateTempSubdirectory("hvdsl-kut-").FullName;

    public UnitTestPlanTests() => File.WriteAllBytes(Path.Combine(_x86, "t.flat"), [0x7F]);

    public void Dispose() => Directory.Delete(_x86, recursive: true);

    private UnitTestPlan Plan(UnitTestEntry entry, bool canRunCpus = false, string? timeout = null) => UnitTestPlan.For(entry, _x86, canRunCpus, timeout);

    private static UnitTestEntry Entry(string qemuParams = "", string smp = "1") => new("t", 1) { File = "t.flat", QemuParams = qemuParams, Smp = smp };

    [Fact]
    public void A_plain_entry_boots_its_file_with_qemus_default_memory_and_a_budget_for_the_suites_90_seconds()
    {
        var plan = Plan(Entry());

        Assert.Null(plan.SkipReason);
        Assert.Equal(TimeSpan.FromSeconds(90), plan.Timeout);
        Assert.Equal(["run", "--kernel", Path.Combine(_x86, "t.flat"), "--memory", "128MiB", "--max-instructions", UnitTestPlan.Budget(plan.Timeout).ToString()],
            plan.Arguments);
    }

    [Fact]
    public void Append_and_memory_options_map_and_the_cpu_model_is_ours()
    {
        var plan = Plan(Entry("-cpu max,vendor=GenuineIntel -m 256 -append 'a b'"));

        Assert.Equal(["--memory", "256MiB", "--append", "a b"], System.Linq.Enumerable.ToArray(plan.Arguments)[3..7]);
    }

    [Theory]
    [InlineData("-m 4g", "4096MiB")]
    [InlineData("-m 512M", "512MiB")]
    [InlineData("-m size=2G,slots=2,maxmem=8G", "2048MiB")]
    [InlineData("-m 1536k", "1572864")]
    public void Memory_takes_qemus_unit_suffixes_and_size_form(string qemuParams, string memory)
    {
        Assert.Equal(["--memory", memory], System.Linq.Enumerable.ToArray(Plan(Entry(qemuParams)).Arguments)[3..5]);
    }

    [Fact]
    public void A_memory_size_that_is_not_one_is_skipped_naming_it()
    {
        Assert.Equal("-m 'lots' is not a size such as 256, 256M or 4G", Plan(Entry("-m lots")).SkipReason);
    }

    [Fact]
    public void Qemu_params_append_wins_over_test_args_as_qemu_keeps_the_last()
    {
        var plan = Plan(Entry("-append second") with { TestArgs = "first" });

        Assert.Contains("second", plan.Arguments);
        Assert.DoesNotContain("first", plan.Arguments);
    }

    [Fact]
    public void Several_processors_wait_for_run_to_take_cpus_and_then_pass_it()
    {
        Assert.Equal("needs 3 processors (-smp 3), and hvdsl run has no --cpus yet", Plan(Entry(smp: "3")).SkipReason);
        Assert.Equal("needs 2 processors (-smp 2), and hvdsl run has no --cpus yet", Plan(Entry("-smp 2")).SkipReason);
        Assert.Contains("--cpus", Plan(Entry(smp: "3"), canRunCpus: true).Arguments);
    }

    [Theory]
    [InlineData("i386", "", "", "i386 only")]
    [InlineData("", "apic nodefault", "", "test marked as manual run only")]
    [InlineData("", "", "kvm", "kvm only, but hvdsl is its own accelerator")]
    public void Entries_for_another_architecture_accelerator_or_a_manual_run_are_skipped_with_the_suites_reason(string arch, string groups, string accel, string reason)
    {
        Assert.Equal(reason, Plan(Entry() with { Arch = arch, Groups = groups, Accel = accel }).SkipReason);
    }

    [Fact]
    public void A_missing_binary_is_skipped_naming_it()
    {
        Assert.Equal($"Test file '{Path.Combine(_x86, "gone.flat")}' not found", Plan(Entry() with { File = "gone.flat" }).SkipReason);
    }

    [Fact]
    public void A_qemu_option_hvdsl_cannot_give_is_skipped_naming_it()
    {
        Assert.Equal("QEMU option '-device' has no hvdsl run equivalent", Plan(Entry("-device intel-iommu")).SkipReason);
    }

    [Fact]
    public void The_entrys_timeout_and_the_timeout_variable_set_the_limit_and_the_budget()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Plan(Entry() with { Timeout = "30" }).Timeout);
        Assert.Equal(TimeSpan.FromMinutes(2), Plan(Entry() with { Timeout = "30" }, timeout: "2m").Timeout);
        Assert.Contains((120 * UnitTestPlan.InstructionsPerSecond).ToString(), Plan(Entry(), timeout: "2m").Arguments);
        Assert.Equal("timeout 'soon' is not a duration such as 90, 90s or 2m", Plan(Entry() with { Timeout = "soon" }).SkipReason);
    }
}
