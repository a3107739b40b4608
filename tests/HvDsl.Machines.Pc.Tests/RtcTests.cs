using System;
using HvDsl.Machines.Pc.Tests.Support;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The MC146818 behind ports 0x70/0x71, following the datasheet's data modes, update cycle and registers A-D.</summary>
public sealed class RtcTests
{
    private static readonly DateTime AfternoonStart = new(2024, 3, 15, 13, 45, 30);

    private static byte Cmos(PcMachine pc, byte index)
    {
        pc.Out(0x70, index);
        return pc.In(0x71);
    }

    private static void SetCmos(PcMachine pc, byte index, byte value)
    {
        pc.Out(0x70, index);
        pc.Out(0x71, value);
    }

    [Fact]
    public void Default_mode_is_bcd_24_hour()
    {
        using var pc = Guest.Create(rtcStart: AfternoonStart);
        Assert.Equal(0x30, Cmos(pc, 0x00));
        Assert.Equal(0x45, Cmos(pc, 0x02));
        Assert.Equal(0x13, Cmos(pc, 0x04));
        Assert.Equal(0x15, Cmos(pc, 0x07));
        Assert.Equal(0x03, Cmos(pc, 0x08));
        Assert.Equal(0x24, Cmos(pc, 0x09));
        Assert.Equal(0x20, Cmos(pc, 0x32));
    }

    [Fact]
    public void Dm_bit_selects_binary()
    {
        using var pc = Guest.Create(rtcStart: AfternoonStart);
        SetCmos(pc, 0x0B, 0x06);
        Assert.Equal(30, Cmos(pc, 0x00));
        Assert.Equal(45, Cmos(pc, 0x02));
        Assert.Equal(13, Cmos(pc, 0x04));
        Assert.Equal(24, Cmos(pc, 0x09));
    }

    [Fact]
    public void Day_of_week_counts_from_sunday_as_one()
    {
        using var pc = Guest.Create(rtcStart: AfternoonStart);
        Assert.Equal(6, Cmos(pc, 0x06));
    }

    [Theory]
    [InlineData(0, 0x00, 0x12)]
    [InlineData(0, 0x04, 0x0C)]
    [InlineData(11, 0x00, 0x11)]
    [InlineData(12, 0x00, 0x92)]
    [InlineData(12, 0x04, 0x8C)]
    [InlineData(13, 0x00, 0x81)]
    [InlineData(23, 0x04, 0x8B)]
    public void Twelve_hour_mode_runs_1_to_12_with_bit_7_for_pm(int hour, byte modeB, byte expected)
    {
        using var pc = Guest.Create(rtcStart: new DateTime(2024, 3, 15, hour, 0, 0));
        SetCmos(pc, 0x0B, modeB);
        Assert.Equal(expected, Cmos(pc, 0x04));
    }

    [Fact]
    public void Time_advances_with_the_virtual_clock()
    {
        using var pc = Guest.Create(rtcStart: AfternoonStart);
        pc.Advance(61 * Guest.Second);
        Assert.Equal(0x31, Cmos(pc, 0x00));
        Assert.Equal(0x46, Cmos(pc, 0x02));
    }

    [Fact]
    public void Uip_is_set_only_in_the_244_microseconds_before_each_update()
    {
        using var pc = Guest.Create(rtcStart: AfternoonStart);
        Assert.Equal(0x26, Cmos(pc, 0x0A));
        pc.Advance(Guest.Second - 244_001);
        Assert.Equal(0x26, Cmos(pc, 0x0A));
        pc.Advance(1);
        Assert.Equal(0xA6, Cmos(pc, 0x0A));
        Assert.Equal(0x30, Cmos(pc, 0x00));
        pc.Advance(244_000);
        Assert.Equal(0x26, Cmos(pc, 0x0A));
        Assert.Equal(0x31, Cmos(pc, 0x00));
    }

    [Fact]
    public void Register_c_flags_clear_on_read()
    {
        using var pc = Guest.Create();
        pc.Advance(Guest.Second);
        // UF for the update, PF for the default 1024 Hz periodic rate: flags are set whatever the enables.
        Assert.Equal(0x50, Cmos(pc, 0x0C));
        Assert.Equal(0x00, Cmos(pc, 0x0C));
    }

    [Fact]
    public void Register_d_reports_valid_ram_and_time()
    {
        using var pc = Guest.Create();
        Assert.Equal(0x80, Cmos(pc, 0x0D));
    }

    [Fact]
    public void Nmi_bit_in_the_index_is_ignored_for_addressing()
    {
        using var pc = Guest.Create();
        SetCmos(pc, 0x80 | 0x40, 0x5A);
        Assert.Equal(0x5A, Cmos(pc, 0x40));
        Assert.Equal(0x26, Cmos(pc, 0x80 | 0x0A));
        Assert.True(pc.Rtc.NmiMasked);
    }

    [Fact]
    public void Cmos_ram_keeps_the_last_byte_at_0x7f()
    {
        using var pc = Guest.Create();
        SetCmos(pc, 0x7F, 0xA5);
        Assert.Equal(0xA5, Cmos(pc, 0x7F));
    }

    [Fact]
    public void Device_reset_clears_interrupt_enables_but_keeps_ram_and_modes()
    {
        using var pc = Guest.Create();
        SetCmos(pc, 0x40, 0x5A);
        SetCmos(pc, 0x0B, 0x76);
        pc.Rtc.Reset();
        Assert.Equal(0x06, Cmos(pc, 0x0B));
        Assert.Equal(0x5A, Cmos(pc, 0x40));
    }

    [Fact]
    public void Time_written_while_set_holds_updates_runs_from_when_set_clears()
    {
        using var pc = Guest.Create(rtcStart: AfternoonStart);
        SetCmos(pc, 0x0B, 0x82);
        SetCmos(pc, 0x04, 0x08);
        pc.Advance(5 * Guest.Second);
        Assert.Equal(0x08, Cmos(pc, 0x04));
        SetCmos(pc, 0x0B, 0x02);
        pc.Advance(2 * Guest.Second);
        Assert.Equal(0x08, Cmos(pc, 0x04));
        Assert.Equal(0x32, Cmos(pc, 0x00));
    }

    [Fact]
    public void Update_ended_interrupt_raises_irq8_once_a_second_passes()
    {
        using var pc = Guest.Create();
        SetCmos(pc, 0x0B, 0x12);
        Assert.False(pc.Vm.GetInterruptLine(8).IsRaised);
        pc.AdvanceAndFireTimers(Guest.Second);
        Assert.True(pc.Vm.GetInterruptLine(8).IsRaised);
        Assert.Equal(0xD0, Cmos(pc, 0x0C));
        Assert.False(pc.Vm.GetInterruptLine(8).IsRaised);
    }

    [Fact]
    public void Reprogramming_the_periodic_rate_ten_thousand_times_keeps_one_armed_timer()
    {
        using var pc = Guest.Create();
        var armed = pc.Vm.ArmedTimerCount;
        SetCmos(pc, 0x0B, 0x42);

        for (var i = 0; i < 10_000; i++)
            SetCmos(pc, 0x0A, (byte)(0x20 | (i % 15 + 1)));

        Assert.True(pc.Vm.ArmedTimerCount <= armed + 1, $"{pc.Vm.ArmedTimerCount} timers armed, {armed} before");
    }
}
