using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Timers;

/// <summary><see cref="Vm.Suspended"/>: no vCPU runs while it is set; the clock goes from timer to timer until a device clears it.</summary>
public sealed class SuspendTests
{
    private static Vm CountdownGuest() => Guest.Boot("long", a =>
    {
        var loop = a.CreateLabel();
        a.mov(ecx, 100);
        a.Label(ref loop);
        a.dec(ecx);
        a.jnz(loop);
        a.hlt();
    });

    [Fact]
    public void A_suspended_vm_runs_no_instruction_until_a_timer_clears_suspended_then_runs_on()
    {
        using var vm = CountdownGuest();
        ulong? countAtWake = null;
        vm.Suspended = true;
        vm.ScheduleAt(1_000_000_000, () => vm.ScheduleAt(2_000_000_000, () =>
        {
            countAtWake = vm.Cpu.InstructionCount;
            vm.Suspended = false;
        }));

        Guest.RunToHalt(vm);

        Assert.Equal(0UL, countAtWake);
        Assert.True(vm.Clock.NowNanoseconds >= 2_000_000_000);
        Assert.Equal(0UL, vm.Cpu.GetRegister(Iced.Intel.Register.RCX));
    }

    [Fact]
    public void A_suspended_vm_with_no_timer_armed_ends_the_run_saying_so()
    {
        using var vm = CountdownGuest();
        vm.Suspended = true;

        var exit = vm.Run(1_000);

        Assert.Equal(0UL, vm.Cpu.InstructionCount);
        Assert.Contains("suspended (S3) with nothing armed", exit.Message);
    }

    [Fact]
    public void Each_timer_a_suspended_vm_sleeps_to_costs_one_budget_instruction()
    {
        using var vm = CountdownGuest();
        vm.Suspended = true;
        for (ulong i = 1; i <= 10; i++) vm.ScheduleAt(i * 1000, () => { });

        var exit = vm.Run(5);

        Assert.Equal(ExitReason.InstructionLimit, exit.Reason);
        Assert.Equal(5, 10 - vm.ArmedTimerCount);
    }
}
