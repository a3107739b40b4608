using HvDsl.Generators.Tests.Infrastructure;

namespace HvDsl.Generators.Tests;

/// <summary>The nested <c>RegisterMap</c> class: offsets, strides, element counts, field masks and field positions as constants.</summary>
public sealed class RegisterMapConstantTests
{
    private static readonly System.Type Map =
        InMemoryCompiler.Load(ConstructSnapshotTests.Spec("group.hvspec")).GetType("Test.TimerBlock+RegisterMap", throwOnError: true)!;

    private static object Constant(string name) => Map.GetField(name)!.GetRawConstantValue()!;

    [Fact]
    public void Offset_of_a_group_register_is_its_first_instance()
    {
        Assert.Equal(0x28UL, Constant("TimerComparatorOffset"));
    }

    [Fact]
    public void Field_mask_is_in_place_and_typed_as_the_register_and_shift_is_its_lowest_bit()
    {
        Assert.Equal(0x3E00UL, Constant("TimerConfig_RouteMask"));
        Assert.Equal(9, Constant("TimerConfig_RouteShift"));
    }

    [Fact]
    public void Count_and_stride_of_a_group_register_are_the_groups()
    {
        Assert.Equal(3, Constant("TimerConfigCount"));
        Assert.Equal(0x20UL, Constant("TimerComparatorStride"));
    }
}
