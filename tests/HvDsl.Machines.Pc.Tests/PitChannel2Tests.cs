using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Exits;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>PIT counter 2 as a PC guest reaches it: programmed at 0x42/0x43, gated by port 0x61 bit 0, OUT2 in bit 5.</summary>
public sealed class PitChannel2Tests
{
    private const byte Out2 = 0x20;

    [Fact]
    public void Mode_0_with_the_gate_high_raises_out2_in_port_0x61_at_terminal_count()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        pc.ProgramPit(0xB0, 1000);
        pc.Advance(Guest.PitTicks(999));
        Assert.Equal(0, pc.In(0x61) & Out2);
        pc.Advance(Guest.PitTicks(1000) - Guest.PitTicks(999));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Counter_2_does_not_count_while_its_gate_is_low_after_reset()
    {
        using var pc = Guest.Create();
        pc.ProgramPit(0xB0, 100);
        pc.Advance(Guest.PitTicks(500));
        Assert.Equal(100, pc.ReadPitCounter(2));
        Assert.Equal(0, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Gate_low_suspends_a_mode_0_count_and_gate_high_resumes_it()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        pc.ProgramPit(0xB0, 1000);
        pc.Advance(Guest.PitTicks(300));
        pc.Out(0x61, 0x00);
        pc.Advance(Guest.PitTicks(5000));
        Assert.Equal(700, pc.ReadPitCounter(2));
        pc.Out(0x61, 0x01);
        pc.Advance(Guest.PitTicks(699));
        Assert.Equal(0, pc.In(0x61) & Out2);
        pc.Advance(Guest.PitTicks(1));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Gate_rising_edge_restarts_a_mode_2_count_from_the_initial_count()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        pc.ProgramPit(0xB4, 1000);
        pc.Advance(Guest.PitTicks(400));
        Assert.Equal(600, pc.ReadPitCounter(2));
        pc.Out(0x61, 0x00);
        pc.Out(0x61, 0x01);
        pc.Advance(Guest.PitTicks(100));
        Assert.Equal(900, pc.ReadPitCounter(2));
    }

    [Fact]
    public void Gate_rising_edge_triggers_a_mode_1_one_shot_that_holds_out2_low_for_the_count()
    {
        using var pc = Guest.Create();
        pc.ProgramPit(0xB2, 100);
        pc.Advance(Guest.PitTicks(500));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
        pc.Out(0x61, 0x01);
        pc.Advance(Guest.PitTicks(99));
        Assert.Equal(0, pc.In(0x61) & Out2);
        pc.Advance(Guest.PitTicks(100) - Guest.PitTicks(99));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Mode_3_out2_is_high_for_the_first_half_period_and_low_for_the_second()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        pc.ProgramPit(0xB6, 100);
        pc.Advance(Guest.PitTicks(49));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
        pc.Advance(Guest.PitTicks(51) - Guest.PitTicks(49));
        Assert.Equal(0, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Port_0x61_keeps_its_control_bits_and_ignores_writes_to_status_bits()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0xCB);
        Assert.Equal(0x0B, pc.In(0x61) & 0xCF);
    }

    [Fact]
    public void Refresh_bit_toggles_every_18_pit_ticks()
    {
        using var pc = Guest.Create();
        var first = pc.In(0x61) & 0x10;
        pc.Advance(Guest.PitTicks(18));
        var second = pc.In(0x61) & 0x10;
        pc.Advance(Guest.PitTicks(36) - Guest.PitTicks(18));
        Assert.NotEqual(first, second);
        Assert.Equal(first, pc.In(0x61) & 0x10);
    }

    [Fact]
    public void Guest_polling_port_0x61_as_linux_tsc_calibration_does_sees_out2_rise()
    {
        using var pc = Guest.Create();
        pc.BootRealMode(a =>
        {
            var poll = a.CreateLabel();
            a.@in(al, 0x61);
            a.and(al, 0xFD);
            a.or(al, 0x01);
            a.@out(0x61, al);
            a.mov(al, 0xB0);
            a.@out(0x43, al);
            a.mov(al, 100);
            a.@out(0x42, al);
            a.mov(al, 0);
            a.@out(0x42, al);
            a.Label(ref poll);
            a.@in(al, 0x61);
            a.test(al, Out2);
            a.jz(poll);
            a.hlt();
        });
        var started = pc.Vm.Clock.NowNanoseconds;
        var exit = pc.Vm.Run(10_000_000);
        Assert.Equal(ExitReason.Halt, exit.Reason);
        Assert.InRange(pc.Vm.Clock.NowNanoseconds - started, Guest.PitTicks(100), Guest.PitTicks(200));
    }
}
