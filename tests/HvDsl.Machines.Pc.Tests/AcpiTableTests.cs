using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Text;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Firmware;

namespace HvDsl.Machines.Pc.Tests;

/// <summary><see cref="PcMachine.WriteAcpiTables"/> describes the machine as built, found in guest memory as an OS finds it.</summary>
public sealed class AcpiTableTests
{
    private static byte[] Guest(PcMachine pc, ulong address, int length)
    {
        var bytes = new byte[length];
        Assert.True(pc.Vm.Memory.Read(address, bytes));
        return bytes;
    }

    // As Linux and kvm-unit-tests do: the RSDP by signature on a 16-byte boundary in 0xE0000-0xFFFFF, then the XSDT's entries.
    private static uint FindTable(PcMachine pc, string signature)
    {
        for (ulong rsdp = 0xE0000; rsdp < 0x100000; rsdp += 16)
        {
            if (Encoding.ASCII.GetString(Guest(pc, rsdp, 8)) != AcpiTables.RsdpSignature) continue;
            var xsdt = (uint)BinaryPrimitives.ReadUInt64LittleEndian(Guest(pc, rsdp + 24, 8));
            var length = BinaryPrimitives.ReadInt32LittleEndian(Guest(pc, xsdt + 4, 4));
            for (var at = AcpiTables.HeaderBytes; at < length; at += 8)
            {
                var table = (uint)BinaryPrimitives.ReadUInt64LittleEndian(Guest(pc, xsdt + (ulong)at, 8));
                if (Encoding.ASCII.GetString(Guest(pc, table, 4)) == signature) return table;
            }
            return 0;
        }
        return 0;
    }

    private static byte[] TableAt(PcMachine pc, uint address) => Guest(pc, address, BinaryPrimitives.ReadInt32LittleEndian(Guest(pc, address + 4, 4)));

    [Fact]
    public void The_fadt_found_from_the_rsdp_names_the_pm_block_at_0x600_and_the_sci_on_irq_9()
    {
        using var pc = ApicGuest.Create();
        Assert.True(pc.WriteAcpiTables());

        var fadt = TableAt(pc, FindTable(pc, "FACP"));

        Assert.Equal(9, BinaryPrimitives.ReadUInt16LittleEndian(fadt.AsSpan(46)));
        Assert.Equal(0x600u, BinaryPrimitives.ReadUInt32LittleEndian(fadt.AsSpan(56)));
        Assert.Equal(0x604u, BinaryPrimitives.ReadUInt32LittleEndian(fadt.AsSpan(64)));
        Assert.Equal(0x608u, BinaryPrimitives.ReadUInt32LittleEndian(fadt.AsSpan(76)));
        Assert.Equal("FACS", Encoding.ASCII.GetString(Guest(pc, BinaryPrimitives.ReadUInt32LittleEndian(fadt.AsSpan(36)), 4)));
    }

    [Fact]
    public void The_madt_repeats_the_mp_tables_processors_and_io_apic_and_overrides_irq_0_to_gsi_2_and_the_sci_to_level_high()
    {
        using var pc = ApicGuest.Create(cpus: 2);
        Assert.True(pc.WriteMpTable());
        Assert.True(pc.WriteAcpiTables());

        var madt = TableAt(pc, FindTable(pc, "APIC"));

        var apicIds = new System.Collections.Generic.List<int>();
        var overrides = new System.Collections.Generic.List<(int Irq, uint Gsi, int Flags)>();
        var ioApicId = -1;
        for (var at = AcpiTables.MadtEntries; at < madt.Length; at += madt[at + 1])
        {
            if (madt[at] == AcpiTables.MadtLocalApic) apicIds.Add(madt[at + 3]);
            if (madt[at] == AcpiTables.MadtIoApic) ioApicId = madt[at + 2];
            if (madt[at] == AcpiTables.MadtSourceOverride)
                overrides.Add((madt[at + 3], BinaryPrimitives.ReadUInt32LittleEndian(madt.AsSpan(at + 4)), BinaryPrimitives.ReadUInt16LittleEndian(madt.AsSpan(at + 8))));
        }
        Assert.Equal([0, 1], apicIds);
        Assert.Equal((int)pc.IoApic.Registers.Id_Apic, ioApicId);
        Assert.Equal([(0, 2u, 0), (9, 9u, PcMachine.LevelActiveHigh)], overrides);
    }

    [Fact]
    public void The_hpet_table_names_the_hpet_window_and_its_capabilities()
    {
        using var pc = ApicGuest.Create();
        Assert.True(pc.WriteAcpiTables());

        var hpet = TableAt(pc, FindTable(pc, "HPET"));

        Assert.Equal((uint)pc.Hpet.Capabilities, BinaryPrimitives.ReadUInt32LittleEndian(hpet.AsSpan(36)));
        Assert.Equal(Hpet.DefaultBase, BinaryPrimitives.ReadUInt64LittleEndian(hpet.AsSpan(44)));
    }

    [Fact]
    public void The_tables_end_below_the_bios_rom_and_mp_table()
    {
        using var pc = new PcMachine(new PcMachineOptions { MemoryBytes = 1 << 20, Cpus = PcMachine.MaxCpus });

        var image = pc.AcpiImage();

        Assert.True(PcMachine.AcpiTablesAddress + (ulong)image.Bytes.Length <= PcMachine.MpTableAddress);
    }

    [Fact]
    public void Ram_short_of_the_bios_area_gets_no_tables()
    {
        using var pc = new PcMachine(new PcMachineOptions { MemoryBytes = 512 << 10 });

        Assert.False(pc.WriteAcpiTables());
    }

    [IaslFact]
    public void Iasl_disassembles_the_dsdt_to_its_s3_and_s5_sleep_packages()
    {
        using var pc = ApicGuest.Create();
        var image = pc.AcpiImage();
        var dsdt = image.Bytes.AsSpan((int)(image.Tables["DSDT"] - image.Address));
        var folder = Directory.CreateTempSubdirectory("hvdsl-dsdt-");
        try
        {
            var file = Path.Combine(folder.FullName, "dsdt.aml");
            File.WriteAllBytes(file, dsdt[..BinaryPrimitives.ReadInt32LittleEndian(dsdt[4..])].ToArray());
            var iasl = Process.Start(new ProcessStartInfo("iasl", ["-d", file]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder.FullName })!;
            var output = iasl.StandardOutput.ReadToEndAsync();
            var errors = iasl.StandardError.ReadToEndAsync();
            Assert.True(iasl.WaitForExit(TimeSpan.FromMinutes(2)), "iasl did not finish");
            Assert.True(iasl.ExitCode == 0, output.Result + errors.Result);

            var source = File.ReadAllText(Path.Combine(folder.FullName, "dsdt.dsl"));
            Assert.DoesNotContain("Invalid", source);
            Assert.Contains("Name (_S3, Package (0x04)", source);
            Assert.Contains("Name (_S5, Package (0x04)", source);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

/// <summary>A test that needs iasl (acpica-tools): skipped where it is missing, except in CI (CI=true), whose .ci/run installs it.</summary>
internal sealed class IaslFactAttribute : FactAttribute
{
    public IaslFactAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            is var folders && Array.Exists(folders, folder => File.Exists(Path.Combine(folder, "iasl")));
        if (!found && Environment.GetEnvironmentVariable("CI") != "true") Skip = "iasl is not installed (apt-get install acpica-tools); .ci/run installs it";
    }
}
