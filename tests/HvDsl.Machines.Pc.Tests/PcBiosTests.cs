using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Boot;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary><see cref="PcMachine.StartBios"/> leaves what a PC BIOS leaves a real-mode program, as the guest finds it through the bus.</summary>
public sealed class PcBiosTests
{
    [Fact]
    public void Every_vector_points_into_the_bios_rom()
    {
        using var pc = Guest.Create();
        pc.StartBios();

        for (var vector = 0; vector < 256; vector++)
        {
            Assert.Equal(RealModeFirmware.RomSegment, pc.ReadWord((ulong)vector * 4 + 2));
            Assert.True(pc.ReadWord((ulong)vector * 4) < RealModeFirmware.RomSize, $"vector 0x{vector:X2}");
        }
    }

    [Fact]
    public void The_data_area_names_com1_com2_the_coprocessor_and_the_conventional_memory_and_counts_no_ticks_yet()
    {
        using var pc = Guest.Create();
        pc.StartBios();

        Assert.Equal(0x3F8, pc.ReadWord(RealModeFirmware.Com1Address));
        Assert.Equal(0x2F8, pc.ReadWord(RealModeFirmware.Com1Address + 2));
        Assert.Equal(0, pc.ReadWord(RealModeFirmware.Com1Address + 4));
        Assert.Equal(2 << 9 | 1 << 1, pc.ReadWord(RealModeFirmware.EquipmentAddress));
        Assert.Equal(640, pc.ReadWord(RealModeFirmware.MemorySizeAddress));
        Assert.Equal(0, pc.ReadWord(RealModeFirmware.TickCountAddress));
    }

    [Fact]
    public void The_pics_answer_at_vectors_0x08_and_0x70_with_only_the_timer_and_the_cascade_unmasked()
    {
        using var pc = Guest.Create();
        pc.StartBios();

        Assert.Equal(0xFA, pc.In(0x21));
        Assert.Equal(0xFF, pc.In(0xA1));
        Assert.Equal(0x08, pc.PicMaster.VectorBase);
        Assert.Equal(0x70, pc.PicSlave.VectorBase);
    }

    [Fact]
    public void Pit_counter_0_runs_in_mode_3_with_a_full_count()
    {
        using var pc = Guest.Create();
        pc.StartBios();

        // Read-back of counter 0's status: bits 4-5 the access mode (3, low then high), bits 1-3 the mode (3), bit 0 binary.
        pc.Out(0x43, 0xE2);
        Assert.Equal(0x36, pc.In(0x40) & 0x3F);
    }

    [Fact]
    public void Each_timer_interrupt_counts_a_tick_calls_int_0x1c_and_ends_itself_so_the_next_one_comes()
    {
        using var pc = Guest.Create();
        pc.StartBios();
        // The program's own INT 0x1C hook counts at 0x600; three HLTs each wake on a tick.
        pc.LoadRealMode(0x2000, a =>
        {
            a.inc(__byte_ptr[0x600]);
            a.iret();
        });
        pc.SetVector(RealModeFirmware.UserTimerVector, 0x2000);
        pc.BootRealMode(a =>
        {
            a.sti();
            a.hlt();
            a.hlt();
            a.hlt();
            a.cli();
            a.hlt();
        });
        pc.Vm.TrapHandler = new Guest.SleepUntil(pc, ulong.MaxValue);

        pc.Vm.Run(10_000);

        Assert.Equal(3, pc.ReadWord(RealModeFirmware.TickCountAddress));
        Assert.Equal(3, pc.ReadWord(0x600) & 0xFF);
        Assert.Equal(0, pc.PicMaster.InServiceRegister);
    }

    [Fact]
    public void A_slave_interrupt_nobody_handles_is_ended_at_both_pics()
    {
        using var pc = Guest.Create();
        pc.StartBios();
        pc.BootRealMode(a =>
        {
            // Unmask IRQ 11 and pulse it through pc-testdev's line port, then let it in.
            a.mov(al, 0xF7);
            a.@out(0xA1, al);
            a.mov(dx, 0x200B);
            a.mov(al, 1);
            a.@out(dx, al);
            a.mov(al, 0);
            a.@out(dx, al);
            a.sti();
            a.nop();
            a.cli();
            a.hlt();
        });

        pc.Vm.Run(10_000);

        Assert.Equal(0, pc.PicSlave.InServiceRegister);
        Assert.Equal(0, pc.PicMaster.InServiceRegister);
        Assert.Equal(0, pc.PicSlave.RequestRegister);
    }
}
