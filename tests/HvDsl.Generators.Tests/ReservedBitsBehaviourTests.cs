using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Reserved and unimplemented bits (<c>rsvd</c>, the register <c>reserved</c> clause) read their fixed value and ignore writes.</summary>
public sealed class ReservedBitsBehaviourTests
{
    // IIR is read-only to the guest, so only device code (in the device's assembly) stores into it.
    private const string Hooks = """
        namespace Test;
        public sealed partial class Reserved8
        {
            public void StoreIIR(byte value) => IIR = value;
        }
        """;

    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("reserved-bits.hvspec"), Hooks);

    private static IIoDevice New(string name) => InMemoryCompiler.Create<IIoDevice>(Assembly, name);

    [Fact]
    public void All_ones_written_to_a_reserved_register_read_back_only_its_fields()
    {
        var device = New("Reserved8");

        device.Write(0, 1, 0xFF);

        Assert.Equal(0x0FUL, device.Read(0, 1));
    }

    [Fact]
    public void Reserved_field_reads_its_reset_value_whatever_the_storage_holds()
    {
        dynamic device = New("Reserved8");

        device.StoreIIR((byte)0x07);

        Assert.Equal(0xC7UL, ((IIoDevice)device).Read(1, 1));
    }

    [Fact]
    public void Write_to_a_reserved_register_is_ignored()
    {
        var device = New("Reserved8");

        device.Write(2, 1, 0x00);

        Assert.Equal(0x5AUL, device.Read(2, 1));
    }

    [Fact]
    public void Reserved_bit_outside_a_write_one_to_clear_field_stays_set()
    {
        var device = New("Reserved8");

        device.Write(3, 1, 0xFF);

        Assert.Equal(0x80UL, device.Read(3, 1));
    }

    [Fact]
    public void Width_the_device_does_not_allow_takes_the_wrong_width_policy()
    {
        Assert.Equal(0xFFFFUL, New("Reserved8").Read(0, 2));
    }

    [Theory]
    [InlineData(0UL, 1, 0x34UL)]
    [InlineData(1UL, 1, 0x00UL)]
    [InlineData(2UL, 1, 0xFFUL)]
    [InlineData(0UL, 4, 0xFFFF_0034UL)]
    public void Reserved_bits_read_their_reset_value_through_every_lane(ulong offset, int width, ulong expected)
    {
        var device = New("Reserved32");
        device.Write(0, 4, 0x0000_FF34);
        device.Write(1, 1, 0xFF);

        Assert.Equal(expected, device.Read(offset, width));
    }
}
