using System;
using System.Linq;
using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>fw_cfg at 0x510/0x511 as a guest reads it: a 16-bit key written to 0x510, then the item a byte at a time from 0x511.</summary>
public sealed class FwCfgTests
{
    private static byte[] ReadItem(PcMachine pc, ushort key, int length)
    {
        pc.OutWord(0x510, key);
        return Enumerable.Range(0, length).Select(_ => pc.In(0x511)).ToArray();
    }

    private static ulong ReadNumber(PcMachine pc, ushort key, int length) =>
        ReadItem(pc, key, length).Select((b, i) => (ulong)b << (8 * i)).Aggregate(0UL, (a, b) => a | b);

    [Fact]
    public void Key_0_reads_the_qemu_signature()
    {
        using var pc = Guest.Create();
        Assert.Equal("QEMU"u8.ToArray(), ReadItem(pc, 0x00, 4));
    }

    [Fact]
    public void Key_1_reports_the_traditional_interface_without_dma()
    {
        using var pc = Guest.Create();
        Assert.Equal(1UL, ReadNumber(pc, 0x01, 4));
    }

    [Fact]
    public void Key_5_reads_the_cpu_count()
    {
        using var pc = Guest.Create();
        Assert.Equal(1UL, ReadNumber(pc, 0x05, 2));
    }

    [Fact]
    public void Key_3_reads_the_ram_size_as_a_little_endian_u64()
    {
        using var pc = Guest.Create();
        Assert.Equal(1UL << 20, ReadNumber(pc, 0x03, 8));
    }

    [Fact]
    public void Key_0x11_reads_the_ram_limit_kvm_unit_tests_looks_for()
    {
        using var pc = Guest.Create();
        Assert.Equal(1UL << 20, ReadNumber(pc, 0x11, 8));
    }

    [Fact]
    public void Keys_0x14_and_0x15_read_the_command_line_size_and_its_nul_terminated_bytes()
    {
        using var pc = Guest.Create();
        pc.FwCfg.KernelCommandLine = "console=ttyS0";
        Assert.Equal(14UL, ReadNumber(pc, 0x14, 4));
        Assert.Equal("console=ttyS0\0"u8.ToArray(), ReadItem(pc, 0x15, 14));
    }

    [Fact]
    public void Reads_past_the_end_of_an_item_return_zero()
    {
        using var pc = Guest.Create();
        Assert.Equal("QEMU\0\0"u8.ToArray(), ReadItem(pc, 0x00, 6));
    }

    [Fact]
    public void Unknown_and_architecture_specific_keys_read_zero()
    {
        using var pc = Guest.Create();
        Assert.Equal(new byte[4], ReadItem(pc, 0x0777, 4));
        Assert.Equal(new byte[4], ReadItem(pc, 0x8000, 4));
    }

    [Fact]
    public void Selecting_a_key_again_rewinds_to_its_first_byte()
    {
        using var pc = Guest.Create();
        ReadItem(pc, 0x00, 3);
        Assert.Equal("QEMU"u8.ToArray(), ReadItem(pc, 0x00, 4));
    }

    [Fact]
    public void Byte_write_to_the_selector_port_selects_nothing()
    {
        using var pc = Guest.Create();
        pc.OutWord(0x510, 0x00);
        pc.In(0x511);
        pc.Out(0x510, 0x05);
        Assert.Equal((byte)'E', pc.In(0x511));
    }

    [Fact]
    public void Guest_reads_the_signature_with_out_dx_ax_and_in_al_dx()
    {
        using var pc = Guest.Create();
        pc.BootRealMode(a =>
        {
            a.mov(dx, 0x510);
            a.xor(ax, ax);
            a.@out(dx, ax);
            a.inc(dx);
            a.mov(di, 0x500);
            a.mov(cx, 4);
            a.cld();
            a.rep.insb();
            a.hlt();
        });
        pc.Vm.Run(1_000);
        var signature = new byte[4];
        pc.Vm.Memory.Read(0x500, signature);
        Assert.Equal("QEMU", System.Text.Encoding.ASCII.GetString(signature));
    }
}
