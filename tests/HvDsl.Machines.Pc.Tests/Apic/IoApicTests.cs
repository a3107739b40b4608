using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>The I/O APIC at 0xFEC00000 through IOREGSEL/IOWIN, routing ISA lines to the boot processor's local APIC.</summary>
public sealed class IoApicTests
{
    private const uint Masked = 1u << 16, Level = 1u << 15, ActiveLow = 1u << 13, RemoteIrr = 1u << 14, Logical = 1u << 11;

    private static uint Read(PcMachine pc, uint index)
    {
        Window(pc).Write(0x00, 4, index);
        return (uint)Window(pc).Read(0x10, 4);
    }

    private static void Write(PcMachine pc, uint index, uint value)
    {
        Window(pc).Write(0x00, 4, index);
        Window(pc).Write(0x10, 4, value);
    }

    private static HvDsl.Runtime.Devices.IIoDevice Window(PcMachine pc)
    {
        Assert.True(pc.Vm.Mmio.TryFind(IoApic.DefaultBase, out var window, out _));
        return window;
    }

    private static void Route(PcMachine pc, int pin, uint low, uint destination = 0)
    {
        Write(pc, (uint)(0x11 + 2 * pin), destination << 24);
        Write(pc, (uint)(0x10 + 2 * pin), low);
    }

    // The interrupt the boot processor would take next, or -1; taking it puts it in service.
    private static int Take(PcMachine pc)
    {
        pc.ApicWrite(0x350, 0x1_0700); // the PIC out of the way
        return pc.LocalApics[0].HasPending ? pc.LocalApics[0].Acknowledge() : -1;
    }

    [Fact]
    public void Version_reports_24_redirection_entries()
    {
        using var pc = ApicGuest.Create();
        Assert.Equal(0x0017_0011u, Read(pc, 1));
    }

    [Fact]
    public void Select_keeps_only_its_index_bits()
    {
        using var pc = ApicGuest.Create();
        Window(pc).Write(0x00, 4, 0xFFFF_FF01);
        Assert.Equal(0x01UL, Window(pc).Read(0x00, 4));
    }

    [Fact]
    public void Index_past_the_redirection_table_reads_zero_and_ignores_writes()
    {
        using var pc = ApicGuest.Create();
        Write(pc, 0x10 + 2 * 24, 0x1234);
        Assert.Equal(0u, Read(pc, 0x10 + 2 * 24));
        Assert.Equal(Masked, Read(pc, 0x10 + 2 * 23));
    }

    [Fact]
    public void Id_keeps_bits_27_to_24()
    {
        using var pc = ApicGuest.Create();
        Write(pc, 0, 0xFFFF_FFFF);
        Assert.Equal(0x0F00_0000u, Read(pc, 0));
    }

    [Fact]
    public void Arbitration_id_follows_the_id_and_ignores_writes()
    {
        using var pc = ApicGuest.Create();
        Write(pc, 0, 0x0300_0000);
        Write(pc, 2, 0x0500_0000);
        Assert.Equal(0x0300_0000u, Read(pc, 2));
    }

    [Fact]
    public void Entries_start_masked_and_keep_only_their_writable_bits()
    {
        using var pc = ApicGuest.Create();
        Assert.Equal(Masked, Read(pc, 0x10 + 2 * 5));
        Write(pc, 0x10 + 2 * 5, 0xFFFF_FFFF);
        Write(pc, 0x11 + 2 * 5, 0xFFFF_FFFF);
        Assert.Equal(0x0001_AFFFu, Read(pc, 0x10 + 2 * 5));
        Assert.Equal(0xFF00_0000u, Read(pc, 0x11 + 2 * 5));
    }

    [Fact]
    public void Irq0_arrives_on_pin_2_and_other_lines_on_their_own_pin()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 2, 0x30);
        Route(pc, 4, 0x34);
        pc.Vm.GetInterruptLine(0).Raise();
        Assert.Equal(0x30, Take(pc));
        pc.ApicWrite(0xB0, 0);
        pc.Vm.GetInterruptLine(4).Raise();
        Assert.Equal(0x34, Take(pc));
    }

    [Fact]
    public void Masked_entry_sends_nothing()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 4, 0x34 | Masked);
        pc.Vm.GetInterruptLine(4).Raise();
        Assert.Equal(-1, Take(pc));
    }

    // Pulses ISA line <paramref name="line"/> high then low through pc-testdev's IRQ-line port 0x2000 + line.
    private static void Pulse(Iced.Intel.Assembler a, int line)
    {
        a.mov(dx, (ushort)(0x2000 + line));
        a.mov(al, 1);
        a.@out(dx, al);
        a.mov(al, 0);
        a.@out(dx, al);
    }

    [Fact]
    public void Two_edges_pulsed_with_interrupts_off_are_both_taken_at_the_same_instruction()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 14, 0x78);
        Route(pc, 15, 0x66);
        pc.ApicWrite(0x350, 0x1_0700); // the PIC out of the way
        ApicGuest.Boot(pc, a =>
        {
            Pulse(a, 15);
            Pulse(a, 14);
            a.sti();
            a.nop();
            a.cli();
            a.hlt();
        }, eoi: true, 0x66, 0x78);
        pc.Vm.Run(10_000);
        Assert.Equal([0x78, 0x66], ApicGuest.Log(pc));
        Assert.Equal(ApicGuest.InterruptedRip(pc, 0x78), ApicGuest.InterruptedRip(pc, 0x66));
    }

    [Fact]
    public void Edge_entry_sends_once_per_rising_edge()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 4, 0x34);
        pc.Vm.GetInterruptLine(4).Raise();
        Assert.Equal(0x34, Take(pc));
        pc.ApicWrite(0xB0, 0);
        Assert.Equal(-1, Take(pc));
    }

    [Fact]
    public void Level_entry_holds_remote_irr_until_eoi_and_resends_while_asserted()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 9, 0x39 | Level);
        pc.Vm.GetInterruptLine(9).Raise();
        Assert.Equal(0x39, Take(pc));
        Assert.NotEqual(0u, Read(pc, 0x10 + 2 * 9) & RemoteIrr);
        Assert.Equal(-1, Take(pc));
        pc.ApicWrite(0xB0, 0);
        Assert.Equal(0x39, Take(pc));
        pc.Vm.GetInterruptLine(9).Lower();
        pc.ApicWrite(0xB0, 0);
        Assert.Equal(0u, Read(pc, 0x10 + 2 * 9) & RemoteIrr);
        Assert.Equal(-1, Take(pc));
    }

    [Fact]
    public void Unmasking_an_asserted_level_pin_sends_at_once()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 9, 0x39 | Level | Masked);
        pc.Vm.GetInterruptLine(9).Raise();
        Assert.Equal(-1, Take(pc));
        Route(pc, 9, 0x39 | Level);
        Assert.Equal(0x39, Take(pc));
    }

    [Fact]
    public void Active_low_entry_fires_when_the_line_falls()
    {
        using var pc = ApicGuest.Create();
        pc.Vm.GetInterruptLine(5).Raise();
        Route(pc, 5, 0x35 | ActiveLow);
        Assert.Equal(-1, Take(pc));
        pc.Vm.GetInterruptLine(5).Lower();
        Assert.Equal(0x35, Take(pc));
    }

    [Fact]
    public void Destination_names_the_local_apic_physically_or_logically()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 4, 0x34, destination: 1);
        pc.Vm.GetInterruptLine(4).Raise();
        Assert.Equal(-1, Take(pc));
        pc.ApicWrite(0xD0, 0x0100_0000);
        Route(pc, 6, 0x36 | Logical, destination: 1);
        pc.Vm.GetInterruptLine(6).Raise();
        Assert.Equal(0x36, Take(pc));
    }

    [Fact]
    public void Isa_lines_still_reach_the_pic()
    {
        using var pc = ApicGuest.Create();
        pc.InitializePics();
        pc.Vm.GetInterruptLine(4).Raise();
        Assert.Equal(0x24, pc.LocalApics[0].Acknowledge());
    }

    [Fact]
    public void Pc_testdev_line_ports_drive_the_pins_above_the_pic()
    {
        using var pc = ApicGuest.Create();
        Route(pc, 17, 0x51 | Level);
        pc.Out(0x2011, 1);
        Assert.Equal(0x51, Take(pc));
    }
}
