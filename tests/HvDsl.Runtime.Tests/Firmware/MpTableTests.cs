using System;
using System.Buffers.Binary;
using System.Linq;
using System.Text;
using HvDsl.Runtime.Firmware;

namespace HvDsl.Runtime.Tests.Firmware;

/// <summary><see cref="MpTable"/> lays out what MP spec 1.4 chapter 4 defines, byte for byte, with both checksums.</summary>
public sealed class MpTableTests
{
    private const uint Address = 0xF0100;

    private static readonly MpConfiguration OneCpu = new(
        "OEM", "BOARD", 0xFEE0_0000,
        [new MpProcessor(0, 0x14, true, 0x306A9, 0x0789A379)],
        [new MpBus(0, "ISA")],
        [new MpIoApic(1, 0x11, 0xFEC0_0000)],
        [new MpInterrupt(MpInterruptType.Int, 0, 0, 0, 1, 2)],
        [new MpInterrupt(MpInterruptType.ExtInt, 0, 0, 0, 0, 0)]);

    [Fact]
    public void Floating_pointer_names_the_table_right_after_it_and_sums_to_zero()
    {
        var bytes = MpTable.Build(OneCpu, Address);

        Assert.Equal("_MP_", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(Address + 16, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(1, bytes[8]);
        Assert.Equal(4, bytes[9]);
        Assert.Equal(0, bytes[11]);
        Assert.Equal(0, Sum(bytes.AsSpan(0, 16)));
    }

    [Fact]
    public void Configuration_header_counts_the_entries_and_the_whole_table_sums_to_zero()
    {
        var table = MpTable.Build(OneCpu, Address).AsSpan(16);

        Assert.Equal("PCMP", Encoding.ASCII.GetString(table[..4]));
        Assert.Equal(44 + 20 + 4 * 8, BinaryPrimitives.ReadUInt16LittleEndian(table[4..]));
        Assert.Equal(table.Length, BinaryPrimitives.ReadUInt16LittleEndian(table[4..]));
        Assert.Equal(4, table[6]);
        Assert.Equal("OEM     BOARD       ", Encoding.ASCII.GetString(table[8..28]));
        Assert.Equal(5, BinaryPrimitives.ReadUInt16LittleEndian(table[34..]));
        Assert.Equal(0xFEE0_0000u, BinaryPrimitives.ReadUInt32LittleEndian(table[36..]));
        Assert.Equal(0, Sum(table));
    }

    [Fact]
    public void Entries_follow_the_header_in_the_order_and_layout_of_the_spec()
    {
        var entries = MpTable.Build(OneCpu, Address).AsSpan(16 + 44).ToArray();

        byte[] processor = [0, 0, 0x14, 0b11, 0xA9, 0x06, 0x03, 0, 0x79, 0xA3, 0x89, 0x07, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] bus = [1, 0, .. "ISA   "u8];
        byte[] ioApic = [2, 1, 0x11, 1, 0x00, 0x00, 0xC0, 0xFE];
        byte[] irq0 = [3, 0, 0, 0, 0, 0, 1, 2];
        byte[] extInt = [4, 3, 0, 0, 0, 0, 0, 0];
        Assert.Equal(processor.Concat(bus).Concat(ioApic).Concat(irq0).Concat(extInt), entries);
    }

    [Fact]
    public void An_application_processor_is_enabled_without_the_bootstrap_flag()
    {
        var twoCpus = OneCpu with { Processors = [.. OneCpu.Processors, new MpProcessor(1, 0x14, false, 0, 0)] };

        var entries = MpTable.Build(twoCpus, Address).AsSpan(16 + 44);

        Assert.Equal(1, entries[20 + 1]);
        Assert.Equal(0b01, entries[20 + 3]);
    }

    [Fact]
    public void An_address_off_a_16_byte_boundary_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => MpTable.Build(OneCpu, Address + 8));

        Assert.Contains("0xF0108", error.Message);
    }

    [Fact]
    public void An_oem_id_longer_than_its_field_is_refused_naming_the_field()
    {
        var error = Assert.Throws<ArgumentException>(() => MpTable.Build(OneCpu with { OemId = "NINECHARS" }, Address));

        Assert.Contains("OEM ID", error.Message);
    }

    private static int Sum(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes) sum += b;
        return sum & 0xFF;
    }
}
