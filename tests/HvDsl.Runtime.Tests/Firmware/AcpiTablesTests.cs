using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using HvDsl.Runtime.Firmware;

namespace HvDsl.Runtime.Tests.Firmware;

/// <summary><see cref="AcpiTables"/> lays out what ACPI 6.5 chapter 5 defines, parsed back field by field, with every checksum.</summary>
public sealed class AcpiTablesTests
{
    private const uint Address = 0xE0000;
    private const ushort LevelHigh = 0b1101;

    private static readonly MpConfiguration TwoCpus = new(
        "OEM", "BOARD", 0xFEE0_0000,
        [new MpProcessor(0, 0x14, true, 0, 0), new MpProcessor(1, 0x14, false, 0, 0)],
        [new MpBus(0, "ISA")],
        [new MpIoApic(2, 0x11, 0xFEC0_0000)],
        [
            new MpInterrupt(MpInterruptType.Int, 0, 0, 0, 2, 2),
            new MpInterrupt(MpInterruptType.Int, 0, 0, 4, 2, 4),
            new MpInterrupt(MpInterruptType.Int, LevelHigh, 0, 9, 2, 9),
        ],
        [new MpInterrupt(MpInterruptType.ExtInt, 0, 0, 0, 0, 0), new MpInterrupt(MpInterruptType.Nmi, 0, 0, 0, MpTable.AllLocalApics, 1)]);

    private static AcpiConfiguration Configuration(AcpiHpet? hpet = null) => new(
        "OEMID", "TABLEID", TwoCpus, [0], 9, new AcpiPmBlocks(0x600, 0x604, 0x608), hpet,
        AcpiAml.SleepState(5, 0, 0), AcpiFixedFeatures.Wbinvd, AcpiBootArchitecture.I8042, 0x32);

    private static readonly AcpiHpet Hpet = new(0x8086_A201, 0xFED0_0000, 1);

    private static ReadOnlySpan<byte> At(AcpiImage image, uint address) => image.Bytes.AsSpan((int)(address - image.Address));

    private static ReadOnlySpan<byte> Table(AcpiImage image, string signature)
    {
        var table = At(image, image.Tables[signature]);
        return table[..(int)BinaryPrimitives.ReadUInt32LittleEndian(table[4..])];
    }

    private static int Sum(ReadOnlySpan<byte> bytes)
    {
        var sum = 0;
        foreach (var b in bytes) sum += b;
        return sum & 0xFF;
    }

    [Fact]
    public void Rsdp_is_revision_2_at_the_image_start_with_both_checksums_and_names_the_rsdt_and_xsdt()
    {
        var image = AcpiTables.Build(Configuration(), Address);
        var rsdp = At(image, Address)[..AcpiTables.RsdpBytes];

        Assert.Equal(Address, image.Tables[AcpiTables.RsdpSignature]);
        Assert.Equal("RSD PTR ", Encoding.ASCII.GetString(rsdp[..8]));
        Assert.Equal("OEMID ", Encoding.ASCII.GetString(rsdp[9..15]));
        Assert.Equal(2, rsdp[15]);
        Assert.Equal(image.Tables["RSDT"], BinaryPrimitives.ReadUInt32LittleEndian(rsdp[16..]));
        Assert.Equal(36u, BinaryPrimitives.ReadUInt32LittleEndian(rsdp[20..]));
        Assert.Equal(image.Tables["XSDT"], BinaryPrimitives.ReadUInt64LittleEndian(rsdp[24..]));
        Assert.Equal(0, Sum(rsdp[..20]));
        Assert.Equal(0, Sum(rsdp));
    }

    [Fact]
    public void Xsdt_and_rsdt_list_the_fadt_madt_and_hpet_tables_and_every_table_sums_to_zero()
    {
        var image = AcpiTables.Build(Configuration(Hpet), Address);
        var xsdt = Table(image, "XSDT");
        var rsdt = Table(image, "RSDT");

        var listed = new List<string>();
        for (var at = AcpiTables.HeaderBytes; at < xsdt.Length; at += 8)
        {
            var address = (uint)BinaryPrimitives.ReadUInt64LittleEndian(xsdt[at..]);
            Assert.Equal(address, BinaryPrimitives.ReadUInt32LittleEndian(rsdt[(AcpiTables.HeaderBytes + (at - AcpiTables.HeaderBytes) / 2)..]));
            listed.Add(Encoding.ASCII.GetString(At(image, address)[..4]));
        }
        Assert.Equal(["FACP", "APIC", "HPET"], listed);
        foreach (var signature in new[] { "XSDT", "RSDT", "FACP", "APIC", "HPET", "DSDT" })
        {
            Assert.Equal(signature, Encoding.ASCII.GetString(Table(image, signature)[..4]));
            Assert.Equal(0, Sum(Table(image, signature)));
        }
    }

    [Fact]
    public void Without_an_hpet_no_hpet_table_is_listed()
    {
        var image = AcpiTables.Build(Configuration(), Address);

        Assert.False(image.Tables.ContainsKey("HPET"));
        Assert.Equal(AcpiTables.HeaderBytes + 2 * 8, Table(image, "XSDT").Length);
    }

    [Fact]
    public void Fadt_names_the_facs_by_firmware_ctrl_alone_the_dsdt_both_ways_and_the_pm_blocks_in_both_forms()
    {
        var image = AcpiTables.Build(Configuration(), Address);
        var fadt = Table(image, "FACP");

        Assert.Equal(AcpiTables.FadtBytes, fadt.Length);
        Assert.Equal(6, fadt[8]);
        Assert.Equal(image.FacsAddress, BinaryPrimitives.ReadUInt32LittleEndian(fadt[36..]));
        Assert.Equal(0ul, BinaryPrimitives.ReadUInt64LittleEndian(fadt[132..]));
        Assert.Equal(image.Tables["DSDT"], BinaryPrimitives.ReadUInt32LittleEndian(fadt[40..]));
        Assert.Equal(image.Tables["DSDT"], BinaryPrimitives.ReadUInt64LittleEndian(fadt[140..]));
        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(fadt[46..]));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(fadt[48..]));
        Assert.Equal((0x600u, 0x604u, 0x608u), (BinaryPrimitives.ReadUInt32LittleEndian(fadt[56..]), BinaryPrimitives.ReadUInt32LittleEndian(fadt[64..]), BinaryPrimitives.ReadUInt32LittleEndian(fadt[76..])));
        Assert.Equal(new byte[] { 4, 2, 0, 4 }, fadt[88..92].ToArray());
        Assert.Equal(0x32, fadt[108]);
        Assert.Equal((ushort)AcpiBootArchitecture.I8042, BinaryPrimitives.ReadUInt16LittleEndian(fadt[109..]));
        Assert.Equal((uint)AcpiFixedFeatures.Wbinvd, BinaryPrimitives.ReadUInt32LittleEndian(fadt[112..]));
        // X_PM1a_EVT_BLK, X_PM1a_CNT_BLK, X_PM_TMR_BLK: system I/O, the register block's bits, the same ports.
        Assert.Equal(new byte[] { 1, 32, 0, 0, 0x00, 0x06, 0, 0, 0, 0, 0, 0 }, fadt[148..160].ToArray());
        Assert.Equal(new byte[] { 1, 16, 0, 0, 0x04, 0x06, 0, 0, 0, 0, 0, 0 }, fadt[172..184].ToArray());
        Assert.Equal(new byte[] { 1, 32, 0, 0, 0x08, 0x06, 0, 0, 0, 0, 0, 0 }, fadt[208..220].ToArray());
    }

    [Fact]
    public void Facs_is_64_bytes_on_a_64_byte_boundary_with_its_waking_vector_clear()
    {
        var image = AcpiTables.Build(Configuration(), Address + 16);
        var facs = At(image, image.FacsAddress)[..AcpiTables.FacsBytes];

        Assert.Equal(0u, image.FacsAddress % 64);
        Assert.Equal("FACS", Encoding.ASCII.GetString(facs[..4]));
        Assert.Equal(64u, BinaryPrimitives.ReadUInt32LittleEndian(facs[4..]));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(facs[AcpiTables.FacsWakingVector..]));
        Assert.Equal(2, facs[32]);
    }

    [Fact]
    public void Madt_has_each_local_apic_the_io_apic_overrides_for_remapped_or_level_lines_only_and_the_nmi_line()
    {
        var madt = Table(AcpiTables.Build(Configuration(), Address), "APIC");

        Assert.Equal(0xFEE0_0000u, BinaryPrimitives.ReadUInt32LittleEndian(madt[36..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(madt[40..]));
        var entries = new List<byte[]>();
        for (var at = AcpiTables.MadtEntries; at < madt.Length; at += madt[at + 1]) entries.Add(madt.Slice(at, madt[at + 1]).ToArray());
        Assert.Equal(
        [
            [AcpiTables.MadtLocalApic, 8, 0, 0, 1, 0, 0, 0],
            [AcpiTables.MadtLocalApic, 8, 1, 1, 1, 0, 0, 0],
            [AcpiTables.MadtIoApic, 12, 2, 0, 0x00, 0x00, 0xC0, 0xFE, 0, 0, 0, 0],
            [AcpiTables.MadtSourceOverride, 10, 0, 0, 2, 0, 0, 0, 0, 0],
            [AcpiTables.MadtSourceOverride, 10, 0, 9, 9, 0, 0, 0, 0x0D, 0],
            [AcpiTables.MadtLocalApicNmi, 6, 0xFF, 0, 0, 1],
        ], entries);
    }

    [Fact]
    public void Hpet_table_carries_the_block_id_and_the_window_as_a_memory_address()
    {
        var hpet = Table(AcpiTables.Build(Configuration(Hpet), Address), "HPET");

        Assert.Equal(56, hpet.Length);
        Assert.Equal(0x8086_A201u, BinaryPrimitives.ReadUInt32LittleEndian(hpet[36..]));
        Assert.Equal(new byte[] { 0, 64, 0, 0 }, hpet[40..44].ToArray());
        Assert.Equal(0xFED0_0000ul, BinaryPrimitives.ReadUInt64LittleEndian(hpet[44..]));
        Assert.Equal(0, hpet[52]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(hpet[53..]));
    }

    [Fact]
    public void Dsdt_is_the_header_then_the_aml_given()
    {
        var dsdt = Table(AcpiTables.Build(Configuration(), Address), "DSDT");

        Assert.Equal(2, dsdt[8]);
        Assert.Equal(AcpiAml.SleepState(5, 0, 0), dsdt[AcpiTables.HeaderBytes..].ToArray());
    }

    [Fact]
    public void A_sleep_state_is_a_name_and_a_four_element_package_of_the_shortest_integers()
    {
        Assert.Equal(new byte[] { 0x08, (byte)'_', (byte)'S', (byte)'3', (byte)'_', 0x12, 0x06, 0x04, 0x01, 0x01, 0x00, 0x00 }, AcpiAml.SleepState(3, 1, 1));
        Assert.Equal(new byte[] { 0x08, (byte)'_', (byte)'S', (byte)'4', (byte)'_', 0x12, 0x08, 0x04, 0x0A, 0x05, 0x0A, 0x05, 0x00, 0x00 }, AcpiAml.SleepState(4, 5, 5));
    }

    [Fact]
    public void An_rsdp_off_a_16_byte_boundary_or_an_oem_id_too_long_is_refused_with_the_field_named()
    {
        Assert.Contains("16-byte boundary", Assert.Throws<ArgumentException>(() => AcpiTables.Build(Configuration(), Address + 8)).Message);
        Assert.Contains("OEM ID \"SEVENCH\"", Assert.Throws<ArgumentException>(() => AcpiTables.Build(Configuration() with { OemId = "SEVENCH" }, Address)).Message);
    }
}
