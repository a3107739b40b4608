using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Exits;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>PIT counter 2 as a PC guest reaches it: programmed at 0x42/0x43, gated by port 0x61 bit 0, OUT2 in bit 5.</summary>
public sealed class PitChannel2Tests
{
    private const byte Out2 = 0x20;

    // Nanoseconds for whole 1.193182 MHz ticks, rounded up so the tick has begun.
    private static ulong Ticks(ulong ticks) => (ticks * 1_000_000_000 + I8254Pit.InputHz - 1) / I8254Pit.InputHz;

    private static void Program(PcMachine pc, byte control, ushort count)
    {
        pc.Out(0x43, control);
        pc.Out(0x42, (byte)count);
        pc.Out(0x42, (byte)(count >> 8));
    }

    private static ushort ReadCounter2(PcMachine pc) => (ushort)(pc.In(0x42) | (pc.In(0x42) << 8));

    [Fact]
    public void Mode_0_with_the_gate_high_raises_out2_in_port_0x61_at_terminal_count()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        Program(pc, 0xB0, 1000);
        pc.Advance(Ticks(999));
        Assert.Equal(0, pc.In(0x61) & Out2);
        pc.Advance(Ticks(1000) - Ticks(999));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Counter_2_does_not_count_while_its_gate_is_low_after_reset()
    {
        using var pc = Guest.Create();
        Program(pc, 0xB0, 100);
        pc.Advance(Ticks(500));
        Assert.Equal(100, ReadCounter2(pc));
        Assert.Equal(0, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Gate_low_suspends_a_mode_0_count_and_gate_high_resumes_it()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        Program(pc, 0xB0, 1000);
        pc.Advance(Ticks(300));
        pc.Out(0x61, 0x00);
        pc.Advance(Ticks(5000));
        Assert.Equal(700, ReadCounter2(pc));
        pc.Out(0x61, 0x01);
        pc.Advance(Ticks(699));
        Assert.Equal(0, pc.In(0x61) & Out2);
        pc.Advance(Ticks(1));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
    }

    [Fact]
    public void Gate_rising_edge_restarts_a_mode_2_count_from_the_initial_count()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        Program(pc, 0xB4, 1000);
        pc.Advance(Ticks(400));
        Assert.Equal(600, ReadCounter2(pc));
        pc.Out(0x61, 0x00);
        pc.Out(0x61, 0x01);
        pc.Advance(Ticks(100));
        Assert.Equal(900, ReadCounter2(pc));
    }

    [Fact]
    public void Mode_3_out2_is_high_for_the_first_half_period_and_low_for_the_second()
    {
        using var pc = Guest.Create();
        pc.Out(0x61, 0x01);
        Program(pc, 0xB6, 100);
        pc.Advance(Ticks(49));
        Assert.Equal(Out2, pc.In(0x61) & Out2);
        pc.Advance(Ticks(51) - Ticks(49));
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
        pc.Advance(Ticks(18));
        var second = pc.In(0x61) & 0x10;
        pc.Advance(Ticks(36) - Ticks(18));
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
        Assert.InRange(pc.Vm.Clock.NowNanoseconds - started, Ticks(100), Ticks(200));
    }
}
