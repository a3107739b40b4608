using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Firmware;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The ACPI PM1 registers at 0x600 and the PM timer at 0x608: events, the SCI on IRQ 9, S5 and S3 with its wake.</summary>
public sealed class AcpiPmTests
{
    private const ushort Status = 0x600, Enable = 0x602, Control = 0x604, Timer = 0x608;
    private const ushort TimerStatus = 1 << 0, RtcStatus = 1 << 10, WakeStatus = 1 << 15, SleepEnable = 1 << 13;
    private const ushort SuspendToRam = 1 << 10 | SleepEnable, SoftOff = SleepEnable;
    private const ushort WakingCode = 0x1000, Marker = 0x800;

    private static ushort InWord(PcMachine pc, ushort port) => (ushort)pc.Vm.PortIo.Read(port, 2);

    private static uint InDword(PcMachine pc, ushort port) => (uint)pc.Vm.PortIo.Read(port, 4);

    [Fact]
    public void Pm_timer_counts_3579545_ticks_a_second_in_24_bits()
    {
        using var pc = Guest.Create();
        var before = InDword(pc, Timer);

        pc.Advance(5 * Guest.Second);

        Assert.Equal(5u * 3_579_545 % (1u << 24), (InDword(pc, Timer) - before) & 0xFF_FFFF);
        Assert.True(InDword(pc, Timer) < 1u << 24);
    }

    [Fact]
    public void Sci_en_reads_set_whatever_is_written_as_the_fadt_offers_no_way_out_of_acpi_mode()
    {
        using var pc = Guest.Create();

        pc.OutWord(Control, 0);

        Assert.Equal(1, InWord(pc, Control) & 1);
    }

    [Fact]
    public void Tmr_sts_is_set_once_bit_23_of_the_timer_changes_and_a_written_one_clears_it()
    {
        using var pc = Guest.Create();
        Assert.Equal(0, InWord(pc, Status) & TimerStatus);

        pc.Advance(3 * Guest.Second); // 2^23 ticks are 2.34 s
        Assert.Equal(TimerStatus, InWord(pc, Status) & TimerStatus);

        pc.OutWord(Status, TimerStatus);
        Assert.Equal(0, InWord(pc, Status) & TimerStatus);
    }

    [Fact]
    public void An_enabled_event_raises_the_sci_on_irq_9_until_its_status_is_cleared()
    {
        using var pc = Guest.Create();
        var sci = pc.Vm.GetInterruptLine(9);
        pc.AcpiPm.RtcAlarm();
        Assert.False(sci.IsRaised);

        pc.OutWord(Enable, RtcStatus);
        Assert.True(sci.IsRaised);

        pc.OutWord(Status, RtcStatus);
        Assert.False(sci.IsRaised);
    }

    [Fact]
    public void Slp_en_with_the_s5_sleep_type_ends_the_run_as_a_power_off()
    {
        using var pc = Guest.Create();
        BootControlWrite(pc, SoftOff);

        var exit = pc.Vm.Run(10_000);

        Assert.True(pc.PowerOffRequested);
        Assert.Contains("S5 (soft off)", exit.Message);
    }

    [Fact]
    public void S3_sleeps_until_the_rtc_alarm_then_the_boot_processor_resumes_in_real_mode_at_the_facs_waking_vector()
    {
        using var pc = Guest.Create();
        Assert.True(pc.WriteAcpiTables());
        var facs = pc.AcpiImage().FacsAddress;
        pc.Vm.Memory.Load(facs + AcpiTables.FacsWakingVector, [WakingCode & 0xFF, WakingCode >> 8, 0, 0]);
        // The resumed code reports CS >> 4 as its exit status: CS is 0x100 for a waking vector of 0x1000.
        pc.LoadRealMode(WakingCode, a =>
        {
            a.mov(ax, cs);
            a.shr(ax, 4);
            a.@out(0xF4, al);
        });
        BootSuspendingGuest(pc);

        pc.Vm.Run(1_000_000);

        Assert.Equal((0x10 << 1) | 1, pc.ExitStatus);
        var marker = new byte[1];
        Assert.True(pc.Vm.Memory.Read(Marker, marker));
        Assert.Equal(0, marker[0]);
        Assert.Equal(WakeStatus | RtcStatus, InWord(pc, Status) & (WakeStatus | RtcStatus));
        Assert.False(pc.AcpiPm.Sleeping);
    }

    [Fact]
    public void S3_with_nothing_armed_to_wake_the_machine_ends_the_run()
    {
        using var pc = Guest.Create();
        BootControlWrite(pc, SuspendToRam);

        var exit = pc.Vm.Run(1_000_000);

        Assert.True(pc.AcpiPm.Sleeping);
        Assert.Contains("suspended (S3) with nothing armed", exit.Message);
    }

    [Fact]
    public void Waking_with_no_waking_vector_stops_the_run_and_says_why()
    {
        using var pc = Guest.Create();
        Assert.True(pc.WriteAcpiTables());
        BootSuspendingGuest(pc);

        var exit = pc.Vm.Run(1_000_000);

        Assert.Contains("Firmware_Waking_Vector 0x0", exit.Message);
    }

    // Writes PM1_CNT once, then spins.
    private static void BootControlWrite(PcMachine pc, ushort value) => pc.BootRealMode(a =>
    {
        var spin = a.CreateLabel();
        a.mov(dx, Control);
        a.mov(ax, value);
        a.@out(dx, ax);
        a.Label(ref spin);
        a.jmp(spin);
    });

    // Enables the RTC wake event, sets an alarm for every second with AIE, enters S3; code past the OUT marks that it ran.
    private static void BootSuspendingGuest(PcMachine pc) => pc.BootRealMode(a =>
    {
        var spin = a.CreateLabel();
        a.mov(dx, Enable);
        a.mov(ax, RtcStatus);
        a.@out(dx, ax);
        foreach (var (index, value) in new (byte, byte)[] { (0x01, 0xC0), (0x03, 0xC0), (0x05, 0xC0), (0x0B, 0x22) })
        {
            a.mov(al, index);
            a.@out(0x70, al);
            a.mov(al, value);
            a.@out(0x71, al);
        }
        a.mov(dx, Control);
        a.mov(ax, SuspendToRam);
        a.@out(dx, ax);
        a.Label(ref spin);
        a.mov(__byte_ptr[Marker], 1);
        a.jmp(spin);
    });
}
