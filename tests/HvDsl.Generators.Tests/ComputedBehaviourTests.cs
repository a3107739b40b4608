using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Computed registers (no storage; partial methods supply and take the value), before-read hooks and self-clearing bits.</summary>
public sealed class ComputedBehaviourTests
{
    private const string Hooks = """
        namespace Test;
        public sealed partial class Computed
        {
            public bool DataReady { get; set; }
            public ushort ControlState { get; private set; }
            public uint LiveCount { get; set; }
            public System.Collections.Generic.List<byte> FifoWrites { get; } = new();
            private partial byte ComputeIdent() => DataReady ? (byte)(2 << 1) : (byte)1;
            private partial ushort ComputeControl() => ControlState;
            private partial void ApplyControl(ushort value) => ControlState = value;
            partial void Latch() => Count = LiveCount;
            partial void OnFifo(byte value) => FifoWrites.Add(value);
        }
        """;

    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("computed.hvspec"), Hooks);

    private static dynamic New() => InMemoryCompiler.Create<IIoDevice>(Assembly, "Computed");

    [Fact]
    public void Computed_register_reads_what_its_partial_method_supplies_and_its_fields_follow()
    {
        var device = New();
        var io = (IIoDevice)device;

        Assert.Equal(0x01UL, io.Read(0, 1));
        device.DataReady = true;
        Assert.Equal(0x04UL, io.Read(0, 1));
        Assert.Equal(2, (int)device.Ident_Id);
        Assert.False((bool)device.Ident_Pending);
    }

    [Fact]
    public void Write_to_a_computed_register_reaches_its_apply_method_without_reserved_bits()
    {
        var device = New();
        var io = (IIoDevice)device;

        io.Write(2, 2, 0xFFFF);

        Assert.Equal((ushort)0x0F0F, (ushort)device.ControlState);
        Assert.Equal(0x0F0FUL, io.Read(2, 2));
    }

    [Fact]
    public void Byte_write_to_one_lane_of_a_computed_register_keeps_the_other_lane()
    {
        var device = New();
        var io = (IIoDevice)device;
        io.Write(2, 1, 0x05);

        io.Write(3, 1, 0xFF);

        Assert.Equal((ushort)0x0F05, (ushort)device.ControlState);
        Assert.Equal(0x0FUL, io.Read(3, 1));
    }

    [Fact]
    public void Access_wider_than_a_byte_register_takes_the_wrong_width_policy()
    {
        Assert.Equal(0xFFFFUL, ((IIoDevice)New()).Read(0, 2));
    }

    [Fact]
    public void Before_read_hook_runs_before_the_value_is_taken()
    {
        var device = New();
        device.LiveCount = 0x1234_5678U;

        Assert.Equal(0x1234_5678UL, ((IIoDevice)device).Read(4, 4));
        Assert.Equal(0x1234UL, ((IIoDevice)device).Read(6, 2));
    }

    [Fact]
    public void Self_clearing_bits_reach_the_write_hook_and_read_back_zero()
    {
        var device = New();
        var io = (IIoDevice)device;

        io.Write(1, 1, 0xC6);

        Assert.Equal(new byte[] { 0xC6 }, ((System.Collections.Generic.List<byte>)device.FifoWrites).ToArray());
        Assert.Equal(0xC0UL, io.Read(1, 1));
    }

    [Fact]
    public void Computed_register_is_not_part_of_a_snapshot()
    {
        var device = New();
        using var stream = new System.IO.MemoryStream();
        using (var writer = new System.IO.BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) ((IDeviceState)device).Save(writer);

        // Count (4 bytes) and Fifo (1 byte) are stored; Ident and Control are computed.
        Assert.Equal(5, stream.Length);
    }
}
