using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Fields declared on a register array: typed Get/Set accessors per element, and their named values as an enum.</summary>
public sealed class ArrayFieldBehaviourTests
{
    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("array-fields.hvspec"));

    private static dynamic New() => InMemoryCompiler.Create<IIoDevice>(Assembly, "Timers");

    [Fact]
    public void Guest_write_to_one_element_shows_in_that_elements_field_accessors_only()
    {
        var device = New();

        ((IIoDevice)device).Write(8, 4, (2UL << 9) | 0b1110);

        Assert.True((bool)device.GetTimerConfig_Enable(1));
        Assert.True((bool)device.GetTimerConfig_Periodic(1));
        Assert.Equal(2UL, (ulong)device.GetTimerConfig_Route(1));
        Assert.False((bool)device.GetTimerConfig_Enable(0));
        Assert.False((bool)device.GetTimerConfig_Enable(2));
    }

    [Fact]
    public void Field_setter_changes_the_element_the_guest_reads_through_the_upper_half()
    {
        var device = New();

        device.SetTimerConfig_Route(2, (ulong)0x1F);

        Assert.Equal(0x3E00UL, ((IIoDevice)device).Read(16, 4));
        Assert.Equal(0UL, ((IIoDevice)device).Read(20, 4));
    }

    [Fact]
    public void Array_field_with_named_values_gets_an_enum()
    {
        var device = New();
        var level = Assembly.GetType("Test.Timers+Level", throwOnError: true)!;

        device.SetTimerConfig_Level(0, (dynamic)System.Enum.ToObject(level, 1));

        Assert.Equal(2UL, ((IIoDevice)device).Read(0, 8));
        Assert.Equal("Level", device.GetTimerConfig_Level(0).ToString());
    }

    [Fact]
    public void Access_narrower_than_any_the_device_allows_takes_the_wrong_width_policy()
    {
        Assert.Equal(0xFFUL, ((IIoDevice)New()).Read(0, 1));
    }
}
