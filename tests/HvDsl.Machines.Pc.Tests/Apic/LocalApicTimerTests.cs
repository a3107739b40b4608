using System.IO;
using HvDsl.Machines.Pc.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>The local APIC timer on the VM's virtual clock (1 GHz bus clock): one-shot, periodic and TSC-deadline modes.</summary>
public sealed class LocalApicTimerTests
{
    private const uint DivideBy1 = 0xB, DivideBy2 = 0x0, Periodic = 1u << 17, TscDeadline = 2u << 17, Masked = 1u << 16;

    // Sleeps through <paramref name="halts"/> interrupts, then stops.
    /// <summary>Writes IA32_TSC_DEADLINE with the TSC now plus <paramref name="ahead"/>.</summary>
    private static void ArmDeadline(Assembler a, int ahead)
    {
        a.rdtsc();
        a.add(eax, ahead);
        a.adc(edx, 0);
        a.mov(ecx, LocalApic.TscDeadlineMsr);
        a.wrmsr();
    }

    private static void Sleep(Assembler a, int halts)
    {
        a.sti();
        for (var i = 0; i < halts; i++) a.hlt();
        a.cli();
        a.hlt();
    }

    private static void StartTimer(PcMachine pc, uint lvt, uint divide, uint count)
    {
        pc.ApicWrite(0x3E0, divide);
        pc.ApicWrite(0x320, lvt);
        pc.ApicWrite(0x380, count);
    }

    [Fact]
    public void Reprogramming_the_timer_ten_thousand_times_keeps_one_armed_timer()
    {
        using var pc = ApicGuest.Create();
        var before = pc.Vm.ArmedTimerCount;

        for (uint count = 1_000_000; count < 1_010_000; count++)
            StartTimer(pc, 0x60, DivideBy1, count);

        Assert.True(pc.Vm.ArmedTimerCount <= before + 1, $"{pc.Vm.ArmedTimerCount} timers armed, {before} before");
    }

    [Fact]
    public void Current_count_runs_down_at_the_bus_clock_over_the_divisor()
    {
        using var pc = ApicGuest.Create();
        StartTimer(pc, 0x60, DivideBy2, 1000);
        pc.Advance(600);
        Assert.Equal(700u, pc.ApicRead(0x390));
    }

    [Fact]
    public void One_shot_count_stops_at_zero()
    {
        using var pc = ApicGuest.Create();
        StartTimer(pc, 0x60, DivideBy1, 1000);
        pc.Advance(5000);
        Assert.Equal(0u, pc.ApicRead(0x390));
    }

    [Fact]
    public void Periodic_count_reloads_from_the_initial_count()
    {
        using var pc = ApicGuest.Create();
        StartTimer(pc, 0x60 | Periodic, DivideBy1, 1000);
        pc.Advance(2300);
        Assert.Equal(700u, pc.ApicRead(0x390));
    }

    // The current count of a one-shot count of 1000 (divide by 1) that ran <paramref name="before"/> ns, then had the
    // register at <paramref name="offset"/> written with <paramref name="value"/>, then ran <paramref name="after"/> ns more.
    private static uint CountAfterRewrite(ulong before, ulong offset, uint value, ulong after)
    {
        using var pc = ApicGuest.Create();
        StartTimer(pc, 0x60, DivideBy1, 1000);
        pc.Advance(before);
        pc.ApicWrite(offset, value);
        pc.Advance(after);
        return pc.ApicRead(0x390);
    }

    [Fact]
    public void Switching_one_shot_to_periodic_continues_the_count_from_where_it_is()
    {
        Assert.Equal(900u, CountAfterRewrite(400, 0x320, 0x60 | Periodic, 700));
    }

    [Fact]
    public void One_shot_count_that_reached_zero_stays_zero_in_periodic_mode()
    {
        Assert.Equal(0u, CountAfterRewrite(1500, 0x320, 0x60 | Periodic, 300));
    }

    [Fact]
    public void New_divisor_continues_the_count_from_where_it_is()
    {
        Assert.Equal(500u, CountAfterRewrite(400, 0x3E0, DivideBy2, 200));
    }

    [Fact]
    public void One_shot_timer_interrupts_once_when_the_count_reaches_zero()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a => Sleep(a, 2), eoi: true, 0x60);
        StartTimer(pc, 0x60, DivideBy2, 5000);
        pc.Vm.Run(100_000);
        Assert.Equal([0x60], ApicGuest.Log(pc));
        Assert.True(pc.Vm.Clock.NowNanoseconds >= 10_000);
    }

    [Fact]
    public void Periodic_timer_interrupts_every_period()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a => Sleep(a, 3), eoi: true, 0x60);
        StartTimer(pc, 0x60 | Periodic, DivideBy1, 5000);
        pc.Vm.Run(100_000);
        Assert.Equal([0x60, 0x60, 0x60], ApicGuest.Log(pc));
        Assert.InRange(pc.Vm.Clock.NowNanoseconds, 15_000UL, 20_000UL);
    }

    [Fact]
    public void Masked_timer_counts_but_raises_nothing()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a => Sleep(a, 1), eoi: true, 0x60);
        StartTimer(pc, 0x60 | Masked, DivideBy1, 5000);
        pc.Vm.Run(100_000);
        Assert.Empty(ApicGuest.Log(pc));
        Assert.Equal(0u, pc.ApicRead(0x200 + 0x30) & 1u);
    }

    [Fact]
    public void Tsc_deadline_timer_fires_when_the_tsc_reaches_the_deadline_and_clears_it()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            ArmDeadline(a, ahead: 20_000);
            Sleep(a, 1);
        }, eoi: true, 0x60);
        pc.ApicWrite(0x320, 0x60 | TscDeadline);
        pc.Vm.Run(100_000);
        Assert.Equal([0x60], ApicGuest.Log(pc));
        Assert.True(pc.Vm.Clock.NowNanoseconds >= 20_000);
        Assert.True(pc.Vm.Cpu.TryReadMsr(LocalApic.TscDeadlineMsr, out var deadline));
        Assert.Equal(0UL, deadline);
    }

    [Fact]
    public void Tsc_deadline_already_past_fires_before_the_next_instruction()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            a.sti();
            a.rdtsc();
            a.mov(ecx, LocalApic.TscDeadlineMsr);
            a.wrmsr();
            a.cli();
            a.hlt();
        }, eoi: true, 0x60);
        pc.ApicWrite(0x320, 0x60 | TscDeadline);
        pc.Vm.Run(100_000);
        Assert.Equal([0x60], ApicGuest.Log(pc));
    }

    [Fact]
    public void Writing_zero_to_the_tsc_deadline_disarms_it()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            ArmDeadline(a, ahead: 20_000);
            a.xor(eax, eax);
            a.xor(edx, edx);
            a.wrmsr();
            Sleep(a, 1);
        }, eoi: true, 0x60);
        pc.ApicWrite(0x320, 0x60 | TscDeadline);
        pc.Vm.Run(100_000);
        Assert.Empty(ApicGuest.Log(pc));
    }

    [Fact]
    public void Snapshot_with_a_tsc_deadline_armed_fires_it_at_the_same_instant_after_restore()
    {
        using var first = ApicGuest.Create();
        ApicGuest.Boot(first, a => Sleep(a, 1), eoi: true, 0x60);
        first.ApicWrite(0x320, 0x60 | TscDeadline);
        Assert.True(first.Vm.Cpu.TryWriteMsr(LocalApic.TscDeadlineMsr, 50_000));
        // One instruction (the LIDT), so the snapshot holds the deadline still armed.
        first.Vm.Run(1);
        var snapshot = new MemoryStream();
        first.Vm.Save(snapshot);
        first.Vm.Run(100_000);

        using var second = ApicGuest.Create();
        snapshot.Position = 0;
        second.Vm.Restore(snapshot);
        Assert.True(second.Vm.Cpu.TryReadMsr(LocalApic.TscDeadlineMsr, out var deadline));
        Assert.Equal(50_000UL, deadline);
        second.Vm.Run(100_000);

        Assert.Equal([0x60], ApicGuest.Log(second));
        Assert.Equal(first.Vm.Clock.NowNanoseconds, second.Vm.Clock.NowNanoseconds);
    }

    [Fact]
    public void Tsc_deadline_mode_ignores_the_initial_count()
    {
        using var pc = ApicGuest.Create();
        StartTimer(pc, 0x60 | TscDeadline, DivideBy1, 1000);
        Assert.Equal(0u, pc.ApicRead(0x380));
        Assert.Equal(0u, pc.ApicRead(0x390));
    }

    [Fact]
    public void Leaving_tsc_deadline_mode_disarms_the_deadline()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0x320, 0x60 | TscDeadline);
        Assert.True(pc.Vm.Cpu.TryWriteMsr(LocalApic.TscDeadlineMsr, 1000));
        pc.ApicWrite(0x320, 0x60);
        Assert.True(pc.Vm.Cpu.TryReadMsr(LocalApic.TscDeadlineMsr, out var deadline));
        Assert.Equal(0UL, deadline);
    }

    [Fact]
    public void Snapshot_mid_countdown_resumes_to_the_same_expiry()
    {
        using var first = ApicGuest.Create();
        ApicGuest.Boot(first, a => Sleep(a, 1), eoi: true, 0x60);
        StartTimer(first, 0x60, DivideBy1, 50_000);
        first.Vm.Run(20);
        var snapshot = new MemoryStream();
        first.Vm.Save(snapshot);
        first.Vm.Run(100_000);

        using var second = ApicGuest.Create();
        snapshot.Position = 0;
        second.Vm.Restore(snapshot);
        second.Vm.Run(100_000);

        Assert.Equal([0x60], ApicGuest.Log(second));
        Assert.Equal(first.Vm.Clock.NowNanoseconds, second.Vm.Clock.NowNanoseconds);
        Assert.Equal(first.Vm.InstructionCount, second.Vm.InstructionCount);
    }
}
