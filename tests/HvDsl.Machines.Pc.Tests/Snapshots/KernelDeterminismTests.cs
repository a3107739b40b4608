using System.Collections.Generic;
using HvDsl.Runtime.Exits;

namespace HvDsl.Machines.Pc.Tests.Snapshots;

/// <summary>The demo kernel saved at instruction N and resumed in a fresh PC ends exactly as the uninterrupted run.</summary>
public sealed class KernelDeterminismTests
{
    private const ulong TimerIsr = 0x10_0900, TimerIsrEnd = 0x10_0A00;

    private static readonly (string Output, string State, ulong Instructions) Whole = RunWhole();

    private static (string, string, ulong) RunWhole()
    {
        using var run = new KernelRun();
        run.Vm.Run();
        return (run.Output, run.StateHash(), run.Vm.InstructionCount);
    }

    [Fact]
    public void Kernel_finishes_with_output()
    {
        Assert.Contains("HvDsl demo kernel", Whole.Output);
        Assert.True(Whole.Instructions > 1000);
    }

    public static IEnumerable<object[]> SavePoints()
    {
        var total = Whole.Instructions;
        for (ulong i = 1; i <= 24; i++)
            yield return [total * i / 25 + i];
    }

    [Theory]
    [MemberData(nameof(SavePoints))]
    public void Resume_after_save_at_N_matches_the_uninterrupted_run(ulong n) => AssertResumeMatches(n);

    [Fact]
    public void Resume_inside_the_timer_handler_matches_the_uninterrupted_run()
    {
        var points = Find((run, _) => run.Vm.Cpu.Rip is >= TimerIsr and < TimerIsrEnd, 3);
        Assert.NotEmpty(points);
        foreach (var n in points) AssertResumeMatches(n);
    }

    [Fact]
    public void Resume_inside_a_rep_string_instruction_matches_the_uninterrupted_run()
    {
        var points = Find((run, previousRip) => run.Vm.Cpu.Rip == previousRip && (run.Vm.Cpu.GetRegister(Iced.Intel.Register.ECX) != 0), 3);
        Assert.NotEmpty(points);
        foreach (var n in points) AssertResumeMatches(n);
    }

    private static void AssertResumeMatches(ulong n)
    {
        using var first = new KernelRun();
        var stop = first.Vm.Run(n);
        Assert.Equal(ExitReason.InstructionLimit, stop.Reason);
        var snapshot = first.Snapshot();
        using var second = KernelRun.Restored(snapshot);
        second.Vm.Run();
        Assert.Equal(Whole.Output, first.Output + second.Output);
        Assert.Equal(Whole.State, second.StateHash());
    }

    /// <summary>Instruction counts, stepping one instruction at a time, where <paramref name="matches"/> holds (at most <paramref name="limit"/>).</summary>
    private static List<ulong> Find(System.Func<KernelRun, ulong, bool> matches, int limit)
    {
        var found = new List<ulong>();
        using var probe = new KernelRun();
        var previousRip = ulong.MaxValue;
        while (found.Count < limit && probe.Vm.InstructionCount < Whole.Instructions)
        {
            var rip = probe.Vm.Cpu.Rip;
            if (probe.Vm.Run(1).Reason != ExitReason.InstructionLimit) break;
            if (matches(probe, rip)) found.Add(probe.Vm.InstructionCount);
            previousRip = rip;
        }
        return found;
    }
}
