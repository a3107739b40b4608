using System;
using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>QEMU's pc-testdev as kvm-unit-tests uses it: the 0xE0 latch, the 0xE4 flush, the 0x2000 IRQ lines, the 0xFF000000 window.</summary>
public sealed class PcTestdevTests
{
    [Fact]
    public void Port_0xe0_reads_back_the_byte_written()
    {
        using var pc = Guest.Create();
        pc.Out(0xE0, 0xA5);
        Assert.Equal(0xA5, pc.In(0xE0));
    }

    [Fact]
    public void Port_0xe0_latch_answers_every_width_by_byte_lanes()
    {
        using var pc = Guest.Create();
        pc.Vm.PortIo.Write(0xE0, 4, 0x11223344);
        Assert.Equal(0x11223344UL, pc.Vm.PortIo.Read(0xE0, 4));
        Assert.Equal(0x3344UL, pc.Vm.PortIo.Read(0xE0, 2));
        Assert.Equal(0x1122UL, pc.Vm.PortIo.Read(0xE2, 2));
        pc.Vm.PortIo.Write(0xE1, 1, 0xFF);
        Assert.Equal(0x1122FF44UL, pc.Vm.PortIo.Read(0xE0, 4));
    }

    [Fact]
    public void Rep_outsb_to_port_0xe0_leaves_the_last_byte_in_the_latch()
    {
        using var pc = Guest.Create();
        pc.Vm.Memory.Load(0x600, "abcdefghijklmnop"u8);
        pc.BootRealMode(a =>
        {
            a.cld();
            a.mov(si, 0x600);
            a.mov(cx, 16);
            a.mov(dx, 0xE0);
            a.rep.outsb();
            a.@in(al, 0xE0);
            a.mov(__byte_ptr[0x500], al);
            a.hlt();
        });
        pc.Vm.Run(1_000);
        Span<byte> got = stackalloc byte[1];
        pc.Vm.Memory.Read(0x500, got);
        Assert.Equal((byte)'p', got[0]);
    }

    [Fact]
    public void Byte_written_to_0x2000_plus_n_drives_interrupt_line_n()
    {
        using var pc = Guest.Create();
        pc.Out(0x200B, 1);
        Assert.True(pc.Vm.GetInterruptLine(11).IsRaised);
        pc.Out(0x200B, 0);
        Assert.False(pc.Vm.GetInterruptLine(11).IsRaised);
    }

    [Fact]
    public void Dword_write_to_0xe4_makes_the_vcpu_decode_guest_code_again()
    {
        static long BlocksDecoded(ushort port)
        {
            using var pc = Guest.Create();
            pc.BootRealMode(a =>
            {
                var again = a.CreateLabel();
                a.mov(cx, 20);
                a.mov(dx, port);
                a.mov(eax, 0x7000);
                a.Label(ref again);
                a.@out(dx, eax);
                a.loop(again);
                a.hlt();
            });
            pc.Vm.Run(1_000);
            return pc.Vm.Cpu.Statistics.BlocksDecoded;
        }

        Assert.True(BlocksDecoded(0xE4) >= BlocksDecoded(0xE0) + 20);
    }

    [Fact]
    public void Mmio_window_reads_back_stores_of_every_width_at_any_offset()
    {
        using var pc = Guest.Create();
        pc.BootProtected(a =>
        {
            a.mov(__dword_ptr[0xFF00_0011], 0x11223344);
            a.mov(al, __byte_ptr[0xFF00_0013]);
            a.mov(__byte_ptr[0x500], al);
            a.mov(ax, __word_ptr[0xFF00_0012]);
            a.mov(__word_ptr[0x502], ax);
            a.mov(__byte_ptr[0xFF00_FFFF], 0x77);
            a.mov(al, __byte_ptr[0xFF00_FFFF]);
            a.mov(__byte_ptr[0x504], al);
            a.hlt();
        });
        pc.Vm.Run(1_000);
        var got = new byte[5];
        pc.Vm.Memory.Read(0x500, got);
        Assert.Equal(new byte[] { 0x22, 0, 0x33, 0x22, 0x77 }, got);
    }
}
