using System;
using System.Buffers.Binary;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Firmware;

namespace HvDsl.Machines.Pc.Tests;

/// <summary><see cref="PcMachine.WriteMpTable"/> describes the machine as built: its vCPUs, its I/O APIC and the ISA wiring.</summary>
public sealed class MpTableTests
{
    private const int EntriesAt = MpTable.FloatingPointerBytes + MpTable.HeaderBytes;

    [Fact]
    public void Each_vcpu_has_a_processor_entry_with_its_apic_id_and_only_the_first_boots()
    {
        using var pc = ApicGuest.Create(cpus: 2);

        var processors = pc.MpConfiguration().Processors;

        Assert.Equal([(0, true), (1, false)], [(processors[0].ApicId, processors[0].Bootstrap), (processors[1].ApicId, processors[1].Bootstrap)]);
    }

    [Fact]
    public void Isa_irq_0_goes_to_pin_2_and_the_cascade_line_to_no_pin()
    {
        using var pc = ApicGuest.Create();

        var lines = pc.MpConfiguration().IoInterrupts;

        Assert.Contains(lines, l => l is { SourceIrq: 0, DestinationPin: 2 });
        Assert.DoesNotContain(lines, l => l.SourceIrq == 2);
        Assert.Contains(lines, l => l is { SourceIrq: 4, DestinationPin: 4 });
        Assert.Equal(15, lines.Count);
    }

    [Fact]
    public void The_table_in_guest_memory_names_the_io_apic_window_and_the_id_its_register_now_reads()
    {
        using var pc = ApicGuest.Create(cpus: 2);

        Assert.True(pc.WriteMpTable());

        var bytes = new byte[EntriesAt + 2 * 20 + 8 + 8];
        Assert.True(pc.Vm.Memory.Read(PcMachine.MpTableAddress, bytes));
        Assert.Equal("_MP_"u8.ToArray(), bytes[..4]);
        var ioApic = bytes.AsSpan(EntriesAt + 2 * 20 + 8, 8);
        Assert.Equal(2, ioApic[0]);
        Assert.Equal(0xFEC0_0000u, BinaryPrimitives.ReadUInt32LittleEndian(ioApic[4..]));
        Assert.Equal(2u, pc.IoApic.Registers.Id_Apic);
        Assert.Equal(ioApic[1], (byte)pc.IoApic.Registers.Id_Apic);
    }

    [Fact]
    public void Ram_short_of_the_bios_area_gets_no_table()
    {
        using var pc = new PcMachine(new PcMachineOptions { MemoryBytes = 512 << 10 });

        Assert.False(pc.WriteMpTable());
        Assert.Equal(0u, pc.IoApic.Registers.Id_Apic);
    }
}
