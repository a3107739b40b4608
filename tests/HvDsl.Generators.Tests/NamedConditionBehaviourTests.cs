using System.Reflection;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Banks and command words whose condition names one of the field's values (<c>when Lcr.Dlab == Divisor</c>), driven through <see cref="IIoDevice"/>.</summary>
public sealed class NamedConditionBehaviourTests
{
    private static readonly Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("named-conditions.hvspec"));

    private static IIoDevice New() => InMemoryCompiler.Create<IIoDevice>(Assembly, "NamedBanks");

    [Fact]
    public void Named_value_of_a_field_selects_its_bank_as_the_number_would()
    {
        var device = New();
        device.Write(0, 1, 0x41);

        device.Write(1, 1, 0x80);
        device.Write(0, 1, 0x99);

        Assert.Equal(0x99UL, device.Read(0, 1));
        device.Write(1, 1, 0x00);
        Assert.Equal(0x41UL, device.Read(0, 1));
    }

    [Fact]
    public void Bank_selected_by_name_answers_no_width_the_device_does_not_allow()
    {
        var device = New();
        device.Write(1, 1, 0x80);

        device.Write(0, 2, 0x1234);

        Assert.Equal(0xFFFFUL, device.Read(0, 2));
        Assert.Equal(0x0CUL, device.Read(0, 1));
    }

    [Theory]
    [InlineData(0x45UL, 0x45, 0x00)]
    [InlineData(0x85UL, 0x00, 0x85)]
    [InlineData(0xC5UL, 0x00, 0x00)]
    public void Named_value_of_a_shared_enum_chooses_the_command_word_that_takes_a_write(ulong written, int start, int load)
    {
        dynamic device = New();

        ((IIoDevice)device).Write(2, 1, written);

        Assert.Equal((byte)start, (byte)device.Start);
        Assert.Equal((byte)load, (byte)device.Load);
    }
}
