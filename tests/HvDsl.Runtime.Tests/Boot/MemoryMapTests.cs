using HvDsl.Runtime.Boot;

namespace HvDsl.Runtime.Tests.Boot;

public sealed class MemoryMapTests
{
    [Fact]
    public void Ram_is_usable_except_the_isa_hole()
    {
        using var vm = Vm.WithMemory(64);

        Assert.Equal(
            [new(0, 0xA0000, MemoryMapType.Usable), new(0xA0000, 0x60000, MemoryMapType.Reserved), new(0x100000, 63 << 20, MemoryMapType.Usable)],
            MemoryMap.Of(vm.Memory));
    }

    [Fact]
    public void Mmio_holes_and_rom_are_reserved_in_address_order()
    {
        using var vm = Vm.WithMemory(16);
        vm.Memory.AddMmioHole(0xFEE00000, 0x1000);
        vm.Memory.AddRom(0x2000000, new byte[0x1000]);

        var map = MemoryMap.Of(vm.Memory);

        Assert.Equal(new MemoryMapEntry(0x2000000, 0x1000, MemoryMapType.Reserved), map[3]);
        Assert.Equal(new MemoryMapEntry(0xFEE00000, 0x1000, MemoryMapType.Reserved), map[4]);
        Assert.Equal(5, map.Count);
    }

    [Fact]
    public void Lower_and_upper_sizes_count_kibibytes_below_the_hole_and_from_1_MiB()
    {
        using var vm = Vm.WithMemory(32);
        var map = MemoryMap.Of(vm.Memory);

        Assert.Equal((640u, 31u * 1024), (MemoryMap.LowerKibibytes(map), MemoryMap.UpperKibibytes(map)));
    }
}
