using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Timers;

public sealed class TimerSlotTests
{
    [Fact]
    public void Rearming_one_slot_a_hundred_thousand_times_keeps_one_timer_and_fires_only_the_last()
    {
        using var vm = Vm.WithMemory(1);
        var slot = new object();
        var fired = new List<int>();

        for (var i = 0; i < 100_000; i++)
        {
            var arm = i;
            vm.ScheduleAt(slot, 1_000_000_000UL - (ulong)i, () => fired.Add(arm));
        }
        Assert.Equal(1, vm.ArmedTimerCount);

        var clock = (VirtualClock)vm.Clock;
        clock.Offset += 1_000_000_000;
        vm.FireDueTimers();

        Assert.Equal([99_999], fired);
        Assert.Equal(0, vm.ArmedTimerCount);
    }

    [Fact]
    public void Slots_that_are_equal_values_replace_each_other_and_other_slots_stay_armed()
    {
        using var vm = Vm.WithMemory(1);

        vm.ScheduleAt(("hpet", 0), 10, () => { });
        vm.ScheduleAt(("hpet", 1), 20, () => { });
        vm.ScheduleAt(("hpet", 0), 30, () => { });
        vm.ScheduleAt(40, () => { });

        Assert.Equal(3, vm.ArmedTimerCount);
        Assert.Equal(20UL, vm.NextTimerDeadline);
    }
}
