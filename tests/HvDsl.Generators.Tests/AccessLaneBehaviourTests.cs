using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Registers answering accesses narrower than themselves (<c>access ... lanes</c>), driven through <see cref="IIoDevice"/> at every width.</summary>
public sealed class AccessLaneBehaviourTests
{
    private const string Hooks = """
        namespace Test;
        public sealed partial class Lanes64
        {
            public System.Collections.Generic.List<ulong> Scratched { get; } = new();
            partial void OnScratch(ulong value) => Scratched.Add(value);
        }
        public sealed partial class Lanes32
        {
            public System.Collections.Generic.List<uint> Words { get; } = new();
            partial void OnWord(uint value) => Words.Add(value);
        }
        """;

    private static readonly System.Reflection.Assembly Assembly =
        InMemoryCompiler.Load(ConstructSnapshotTests.Spec("access-lanes.hvspec"), Hooks);

    private static IIoDevice New(string name) => InMemoryCompiler.Create<IIoDevice>(Assembly, name);

    [Fact]
    public void Thirty_two_bit_reads_return_each_half_of_a_64_bit_register()
    {
        var device = New("Lanes64");

        Assert.Equal(0x8086_A201UL, device.Read(0, 4));
        Assert.Equal(0x0098_9680UL, device.Read(4, 4));
        Assert.Equal(0x0098_9680_8086_A201UL, device.Read(0, 8));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(0UL, 2)]
    [InlineData(2UL, 4)]
    [InlineData(4UL, 8)]
    public void Width_the_device_does_not_allow_or_a_misaligned_lane_reads_the_wrong_width_policy(ulong offset, int width)
    {
        var device = New("Lanes64");

        Assert.Equal(width >= 8 ? ulong.MaxValue : (1UL << (width * 8)) - 1, device.Read(offset, width));
    }

    [Fact]
    public void Upper_half_write_applies_each_fields_access_kind_and_leaves_the_lower_half()
    {
        dynamic device = New("Lanes64");
        device.Write(8UL, 4, 0x1UL);

        // Status (bits 32..35, w1c) clears where ones are written; Locked (40..47, ro) keeps its reset; Enable keeps the lower write.
        device.Write(12UL, 4, 0x0000_FF05UL);

        Assert.Equal(0x0000_5A0A_0000_0001UL, (ulong)device.Config);
        Assert.Equal(0x0000_5A0AUL, (ulong)((IIoDevice)device).Read(12, 4));
    }

    [Fact]
    public void Register_with_its_own_widths_refuses_a_narrower_access_the_device_allows()
    {
        dynamic device = New("Lanes64");

        ((IIoDevice)device).Write(16, 4, 0x1234);
        ((IIoDevice)device).Write(16, 8, 0x1122_3344_5566_7788);

        Assert.Equal(0x1122_3344_5566_7788UL, (ulong)device.Scratch);
        Assert.Equal(new ulong[] { 0x1122_3344_5566_7788 }, ((System.Collections.Generic.List<ulong>)device.Scratched).ToArray());
        Assert.Equal(0xFFFF_FFFFUL, ((IIoDevice)device).Read(16, 4));
    }

    [Theory]
    [InlineData(0UL, 1, 0x11UL)]
    [InlineData(1UL, 1, 0x22UL)]
    [InlineData(3UL, 1, 0x44UL)]
    [InlineData(0UL, 2, 0x2211UL)]
    [InlineData(2UL, 2, 0x4433UL)]
    [InlineData(0UL, 4, 0x4433_2211UL)]
    public void Byte_lanes_of_a_32_bit_register_read_the_right_bytes(ulong offset, int width, ulong expected)
    {
        Assert.Equal(expected, New("Lanes32").Read(offset, width));
    }

    [Fact]
    public void Byte_write_changes_one_lane_and_the_hook_sees_the_whole_register()
    {
        dynamic device = New("Lanes32");

        ((IIoDevice)device).Write(2, 1, 0xCC);

        Assert.Equal(0x44CC_2211U, (uint)device.Word);
        Assert.Equal(new uint[] { 0x44CC_2211 }, ((System.Collections.Generic.List<uint>)device.Words).ToArray());
    }

    [Fact]
    public void Reading_one_lane_of_a_read_to_clear_array_element_clears_only_that_lane()
    {
        var device = New("Lanes32");

        Assert.Equal(0x5AUL, device.Read(6, 1));
        Assert.Equal(0xA500UL, device.Read(6, 2));
        Assert.Equal(0xA55AUL, device.Read(4, 2));
    }

    [Fact]
    public void Big_endian_lanes_put_the_most_significant_byte_at_offset_zero()
    {
        var device = New("Lanes32Big");

        device.Write(3, 1, 0xEE);

        Assert.Equal(0x44UL, device.Read(0, 1));
        Assert.Equal(0xEEUL, device.Read(3, 1));
        // A whole read is the window's bytes in address order, as every big-endian register of the window reads.
        Assert.Equal(0xEE22_3344UL, device.Read(0, 4));
    }
}
