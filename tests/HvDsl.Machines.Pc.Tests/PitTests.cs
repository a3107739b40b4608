using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The 8254 at 0x40-0x43: control words, latch and read-back commands, and IRQ 0 rates on the virtual clock.</summary>
public sealed class PitTests
{
    private const ushort IrqCount = 0x500;

    /// <summary>Runs a guest that sleeps in HLT and counts IRQ 0 interrupts for one virtual second.</summary>
    private static int InterruptsInOneSecond(byte control, ushort divisor)
    {
        using var pc = Guest.Create();
        pc.InitializePics();
        pc.Out(0x21, 0xFE);
        pc.SetVector(0x20, 0x7E00);
        pc.LoadRealMode(0x7E00, a =>
        {
            a.inc(__word_ptr[IrqCount]);
            a.mov(al, 0x20);
            a.@out(0x20, al);
            a.iret();
        });
        pc.BootRealMode(a =>
        {
            var sleep = a.CreateLabel();
            a.sti();
            a.Label(ref sleep);
            a.hlt();
            a.jmp(sleep);
        });
        pc.ProgramPit(control, divisor);
        var counted = 0;
        pc.Vm.ScheduleAt(Guest.Second, () => counted = pc.ReadWord(IrqCount));
        pc.Vm.TrapHandler = new Guest.SleepUntil(pc, Guest.Second);
        pc.Vm.Run(1_000_000);
        return counted;
    }

    [Fact]
    public void Mode_2_with_divisor_11932_interrupts_at_100_hz()
    {
        Assert.InRange(InterruptsInOneSecond(0x34, 11932), 99, 101);
    }

    [Fact]
    public void Mode_3_with_divisor_1193_interrupts_at_1000_hz()
    {
        Assert.InRange(InterruptsInOneSecond(0x36, 1193), 999, 1001);
    }

    [Fact]
    public void Counter_counts_down_with_the_virtual_clock()
    {
        using var pc = Guest.Create();
        pc.ProgramPit(0x34, 4096);
        pc.Advance(Guest.PitTicks(1000));
        Assert.Equal(3096, pc.ReadPitCounter(0));
    }

    [Fact]
    public void Latch_command_freezes_the_count_until_both_bytes_are_read()
    {
        using var pc = Guest.Create();
        pc.ProgramPit(0x34, 4096);
        pc.Advance(Guest.PitTicks(1000));
        pc.Out(0x43, 0x00);
        pc.Advance(Guest.PitTicks(500));
        Assert.Equal(3096, pc.ReadPitCounter(0));
        Assert.Equal(2596, pc.ReadPitCounter(0));
    }

    [Fact]
    public void Lsb_only_access_reads_and_writes_one_byte()
    {
        using var pc = Guest.Create();
        pc.Out(0x43, 0x14);
        pc.Out(0x40, 200);
        pc.Advance(Guest.PitTicks(50));
        Assert.Equal(150, pc.In(0x40));
    }

    [Fact]
    public void Mode_0_output_rises_at_terminal_count()
    {
        using var pc = Guest.Create();
        pc.ProgramPit(0x30, 100);
        pc.Out(0x43, 0xE2);
        Assert.Equal(0x30, pc.In(0x40));
        pc.Advance(Guest.PitTicks(100));
        pc.Out(0x43, 0xE2);
        Assert.Equal(0xB0, pc.In(0x40));
    }

    [Fact]
    public void Mode_0_raises_irq0_once_at_terminal_count()
    {
        using var pc = Guest.Create();
        pc.ProgramPit(0x30, 100);
        Assert.False(pc.Vm.GetInterruptLine(0).IsRaised);
        pc.AdvanceAndFireTimers(Guest.PitTicks(100));
        Assert.True(pc.Vm.GetInterruptLine(0).IsRaised);
    }

    [Fact]
    public void Read_back_status_reports_output_null_count_mode_access_and_bcd()
    {
        using var pc = Guest.Create();
        pc.Out(0x43, 0x35);
        pc.Out(0x43, 0xE2);
        Assert.Equal(0xF5, pc.In(0x40));
    }

    [Fact]
    public void Read_back_of_count_and_status_latches_the_selected_counter_only_status_byte_first()
    {
        using var pc = Guest.Create();
        pc.ProgramPit(0x34, 4096);
        pc.ProgramPit(0x74, 4096);
        pc.Advance(Guest.PitTicks(1000));
        pc.Out(0x43, 0xC4);
        pc.Advance(Guest.PitTicks(500));

        Assert.Equal(0xB4, pc.In(0x41));
        Assert.Equal(3096, pc.ReadPitCounter(1));
        Assert.Equal(2596, pc.ReadPitCounter(0));
    }
}
