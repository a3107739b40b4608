using HvDsl.Machines.Pc.Tests.Support;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>PCI configuration mechanism #1 at 0xCF8/0xCFC, as a kernel's PCI probe uses it, reaching the i440FX host bridge.</summary>
public sealed class PciConfigTests
{
    private const ushort ConfigAddress = 0xCF8, ConfigData = 0xCFC;
    private const uint Enable = 0x8000_0000;

    private static uint Address(int bus, int device, int function, int offset) =>
        Enable | (uint)(bus << 16) | (uint)(device << 11) | (uint)(function << 8) | (uint)offset;

    private static uint ReadDword(PcMachine pc, uint address)
    {
        pc.Vm.PortIo.Write(ConfigAddress, 4, address);
        return (uint)pc.Vm.PortIo.Read(ConfigData, 4);
    }

    [Fact]
    public void Bus_0_device_0_is_the_i440fx_host_bridge()
    {
        using var pc = Guest.Create();

        Assert.Equal(0x1237_8086u, ReadDword(pc, Address(0, 0, 0, 0x00)));
        Assert.Equal(0x0600_0002u, ReadDword(pc, Address(0, 0, 0, 0x08)));
    }

    [Fact]
    public void Config_address_reads_back_the_enable_bit_alone_as_the_kernel_checks_for_mechanism_1()
    {
        using var pc = Guest.Create();

        pc.Vm.PortIo.Write(ConfigAddress, 4, Enable | 0x7F00_0003);

        Assert.Equal(Enable, (uint)pc.Vm.PortIo.Read(ConfigAddress, 4));
    }

    [Fact]
    public void A_byte_write_to_0xcfb_leaves_config_address_alone()
    {
        using var pc = Guest.Create();
        pc.Vm.PortIo.Write(ConfigAddress, 4, Address(0, 0, 0, 0x08));

        pc.Out(0xCFB, 0x01);

        Assert.Equal(Address(0, 0, 0, 0x08), (uint)pc.Vm.PortIo.Read(ConfigAddress, 4));
    }

    [Fact]
    public void A_word_read_at_0xcfe_gives_the_upper_half_of_the_selected_dword()
    {
        using var pc = Guest.Create();
        pc.Vm.PortIo.Write(ConfigAddress, 4, Address(0, 0, 0, 0x08));

        Assert.Equal(0x0600u, (uint)pc.Vm.PortIo.Read(ConfigData + 2, 2));
    }

    [Theory]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 1)]
    [InlineData(1, 0, 0)]
    public void An_absent_function_reads_all_ones(int bus, int device, int function)
    {
        using var pc = Guest.Create();

        Assert.Equal(0xFFFF_FFFFu, ReadDword(pc, Address(bus, device, function, 0)));
    }

    [Fact]
    public void With_the_enable_bit_clear_config_data_reads_all_ones()
    {
        using var pc = Guest.Create();

        Assert.Equal(0xFFFF_FFFFu, ReadDword(pc, 0));
    }

    [Fact]
    public void Only_the_command_enables_and_the_latency_count_take_a_write()
    {
        using var pc = Guest.Create();
        pc.Vm.PortIo.Write(ConfigAddress, 4, Address(0, 0, 0, 0x04));
        pc.Vm.PortIo.Write(ConfigData, 4, 0xFFFF_FFFF);
        pc.Vm.PortIo.Write(ConfigAddress, 4, Address(0, 0, 0, 0x0C));
        pc.Vm.PortIo.Write(ConfigData + 1, 1, 0xFF);

        Assert.Equal(0x0280_0146u, ReadDword(pc, Address(0, 0, 0, 0x04)));
        Assert.Equal(0x0000_F800u, ReadDword(pc, Address(0, 0, 0, 0x0C)));
        Assert.Equal(0x1237_8086u, ReadDword(pc, Address(0, 0, 0, 0x00)));
    }
}
