using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>A register group repeated N times at a stride: each instance's registers answer at its offset, with typed field accessors.</summary>
public sealed class GroupBehaviourTests
{
    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("group.hvspec"));

    private static dynamic New() => InMemoryCompiler.Create<IIoDevice>(Assembly, "TimerBlock");

    [Fact]
    public void Each_instance_answers_at_the_group_offset_plus_stride_times_its_index()
    {
        var device = New();
        var io = (IIoDevice)device;

        io.Write(0x20 + 2 * 0x20 + 8 + 4, 4, 0x1234);
        io.Write(0x20 + 1 * 0x20, 8, 0b1100);

        Assert.Equal(0x0000_1234_FFFF_FFFFUL, io.Read(0x68, 8));
        Assert.Equal(ulong.MaxValue, io.Read(0x48, 8));
        Assert.True((bool)device.GetTimerConfig_Enable(1));
        Assert.True((bool)device.GetTimerConfig_Periodic(1));
        Assert.False((bool)device.GetTimerConfig_Enable(0));
    }

    [Fact]
    public void Gap_between_group_registers_is_unmapped()
    {
        Assert.Equal(0xFFFF_FFFFUL, ((IIoDevice)New()).Read(0x30, 4));
    }

    [Fact]
    public void Access_width_the_device_does_not_allow_takes_the_wrong_width_policy()
    {
        Assert.Equal(0xFFFFUL, ((IIoDevice)New()).Read(0x20, 2));
    }
}
