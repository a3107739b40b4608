using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>A shared <c>enum</c>: one C# type for every field declared <c>as</c> it, whatever its register.</summary>
public sealed class SharedEnumBehaviourTests
{
    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("shared-enum.hvspec"));

    [Fact]
    public void Fields_of_different_registers_share_one_enum_type()
    {
        var device = (dynamic)InMemoryCompiler.Create<IIoDevice>(Assembly, "SharedEnum");
        var trigger = Assembly.GetType("Test.SharedEnum+Trigger", throwOnError: true)!;

        ((IIoDevice)device).Write(2, 2, 0x0100);

        Assert.Equal(trigger, ((object)device.B_Mode).GetType());
        Assert.Equal(trigger, ((object)device.A_Mode).GetType());
        Assert.Equal("Level", device.B_Mode.ToString());
        Assert.Equal("Edge", device.A_Mode.ToString());
    }

    [Fact]
    public void Field_enum_keeps_its_own_name_beside_a_shared_enum()
    {
        Assert.NotNull(Assembly.GetType("Test.SharedEnum+Other"));
    }

    [Fact]
    public void Width_the_device_does_not_allow_takes_the_wrong_width_policy()
    {
        Assert.Equal(0xFFFF_FFFFUL, InMemoryCompiler.Create<IIoDevice>(Assembly, "SharedEnum").Read(0, 4));
    }
}
