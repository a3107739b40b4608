using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Accesses wider than the registers they cover (<c>access ... split</c>), driven through <see cref="IIoDevice"/> at every width.</summary>
public sealed class SplitAccessBehaviourTests
{
    private const string Hooks = """
        namespace Test;
        public sealed partial class Split32
        {
            public System.Collections.Generic.List<uint> Lows { get; } = new();
            partial void OnLow(uint value) => Lows.Add(value);
        }
        """;

    private static readonly System.Reflection.Assembly Assembly =
        InMemoryCompiler.Load(ConstructSnapshotTests.Spec("access-split.hvspec"), Hooks);

    private static IIoDevice New(string name) => InMemoryCompiler.Create<IIoDevice>(Assembly, name);

    [Fact]
    public void Sixty_four_bit_read_joins_two_32_bit_registers_low_offset_first()
    {
        var device = New("Split32");

        Assert.Equal(0x3333_4444_1111_2222UL, device.Read(0, 8));
        Assert.Equal(0x1111_2222UL, device.Read(0, 4));
        Assert.Equal(0x3333_4444UL, device.Read(4, 4));
    }

    [Fact]
    public void Sixty_four_bit_write_reaches_each_register_with_its_own_access_kind_and_hook()
    {
        dynamic device = New("Split32");

        ((IIoDevice)device).Write(0, 8, 0xAAAA_BBBB_CCCC_DDDDUL);

        Assert.Equal(0xCCCC_DDDDu, (uint)device.Low);
        Assert.Equal(0x3333_4444u, (uint)device.High);
        Assert.Equal(new uint[] { 0xCCCC_DDDD }, ((System.Collections.Generic.List<uint>)device.Lows).ToArray());
    }

    [Fact]
    public void Half_with_no_register_reads_the_unmapped_policy_beside_a_read_to_clear_register()
    {
        var device = New("Split32");

        Assert.Equal(0xFFFF_FFFF_0000_0005UL, device.Read(8, 8));
        Assert.Equal(0UL, device.Read(8, 4));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(0UL, 2)]
    public void Width_the_device_does_not_allow_reads_the_wrong_width_policy_and_writes_nothing(ulong offset, int width)
    {
        dynamic device = New("Split32");
        var io = (IIoDevice)device;

        io.Write(offset, width, 0);

        Assert.Equal((1UL << (width * 8)) - 1, io.Read(offset, width));
        Assert.Equal(0x1111_2222u, (uint)device.Low);
    }

    [Fact]
    public void Thirty_two_bit_read_of_four_byte_registers_puts_offset_zero_most_significant_when_big_endian()
    {
        var device = New("SplitBytes");

        Assert.Equal(0x1122_3344UL, device.Read(0, 4));
        Assert.Equal(0x22UL, device.Read(1, 1));
    }

    [Fact]
    public void Thirty_two_bit_write_of_four_byte_registers_applies_each_access_kind()
    {
        var device = New("SplitBytes");

        device.Write(0, 4, 0xAABB_CCFFUL);

        // C is read-only, D write-one-to-clear: 0x44 & ~0xFF.
        Assert.Equal(0xAABB_3300UL, device.Read(0, 4));
    }

    [Fact]
    public void Sixteen_bit_access_to_byte_registers_that_the_device_does_not_allow_reads_the_wrong_width_policy()
    {
        var device = New("SplitBytes");

        device.Write(0, 2, 0);

        Assert.Equal(0xFFFFUL, device.Read(0, 2));
        Assert.Equal(0x1122_3344UL, device.Read(0, 4));
    }
}
