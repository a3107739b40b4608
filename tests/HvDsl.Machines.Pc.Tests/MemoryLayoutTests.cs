using System;
using System.Linq;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Memory;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>Where the PC puts its RAM: from 0 up to 3 GiB, the rest from 4 GiB, so the devices and BIOS below 4 GiB stay reachable.</summary>
public sealed class MemoryLayoutTests
{
    private const ulong GiB = 1UL << 30;

    [Fact]
    public void Ram_past_3_gib_continues_at_4_gib_and_the_memory_map_shows_the_hole()
    {
        using var pc = new PcMachine(new PcMachineOptions { MemoryBytes = 4 * GiB });

        var usable = MemoryMap.Of(pc.Vm.Memory).Where(e => e.Type == MemoryMapType.Usable).Select(e => (e.Start, e.End)).ToArray();
        Assert.Equal([(0UL, MemoryMap.IsaHoleStart), (MemoryMap.IsaHoleEnd, PcMachine.LowRamEnd), (4 * GiB, 5 * GiB)], usable);
    }

    [Fact]
    public void No_ram_covers_the_io_apic_hpet_or_local_apic_whatever_the_size()
    {
        using var pc = new PcMachine(new PcMachineOptions { MemoryBytes = 8 * GiB });

        foreach (var device in new ulong[] { 0xFEC0_0000, 0xFED0_0000, 0xFEE0_0000 })
            Assert.DoesNotContain(pc.Vm.Memory.Regions, r => r.Kind == MemoryRegionKind.Ram && device - r.Start < r.Size);
    }

    [Fact]
    public void Ram_that_fits_below_3_gib_is_one_range_from_0()
    {
        using var pc = new PcMachine(new PcMachineOptions { MemoryBytes = 2 * GiB });

        Assert.Equal(2 * GiB, Assert.Single(pc.Vm.Memory.Regions, r => r.Kind == MemoryRegionKind.Ram).Size);
    }

    [Fact]
    public void More_ram_than_the_address_space_leaves_above_4_gib_is_refused_naming_the_limit()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PcMachine(PcMachine.MaxMemoryBytes + PhysicalMemory.PageSize));

        Assert.Contains($"Pc takes at most 0x{PcMachine.MaxMemoryBytes:X} bytes of RAM", error.Message);
        Assert.Equal(PcMachine.LowRamEnd + (PhysicalMemory.MaxAddress - 4 * GiB), PcMachine.MaxMemoryBytes);
    }
}
