using System;
using System.Reflection;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Register and field setters are public only where the guest may write; read-only state is set by device code alone.</summary>
public sealed class SetterAccessBehaviourTests
{
    // Device code in the device's assembly, as a machine's hand-written partial is.
    private const string Hooks = """
        namespace Test;
        public sealed partial class Setters
        {
            public void BecomeReady() { Status_Ready = true; SetTable_Busy(0, true); }
        }
        """;

    private static readonly Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("setters.hvspec"), Hooks);

    private static Type Device => Assembly.GetType("Test.Setters")!;

    private static MethodInfo Setter(string property) => Device.GetProperty(property)!.GetSetMethod(nonPublic: true)!;

    [Theory]
    [InlineData("Status")]
    [InlineData("Status_Ready")]
    [InlineData("Status_Error")]
    [InlineData("Events")]
    [InlineData("Control_Locked")]
    public void State_the_guest_cannot_write_has_an_internal_setter(string property)
    {
        Assert.True(Setter(property).IsAssembly, $"{property}'s setter is {Setter(property).Attributes}");
    }

    [Theory]
    [InlineData("Control")]
    [InlineData("Control_Enable")]
    [InlineData("Control_Ack")]
    public void State_the_guest_writes_has_a_public_setter(string property)
    {
        Assert.True(Setter(property).IsPublic);
    }

    [Fact]
    public void Read_only_array_field_setter_is_internal_and_its_getter_public()
    {
        Assert.True(Device.GetMethod("SetTable_Busy", BindingFlags.Instance | BindingFlags.NonPublic)!.IsAssembly);
        Assert.NotNull(Device.GetMethod("GetTable_Busy"));
    }

    [Fact]
    public void Device_code_sets_read_only_bits_that_a_guest_write_cannot()
    {
        dynamic device = InMemoryCompiler.Create<IIoDevice>(Assembly, "Setters");
        var io = (IIoDevice)device;

        io.Write(0, 1, 0xFF);
        io.Write(4, 1, 0xFF);
        Assert.Equal(0x00UL, io.Read(0, 1));
        Assert.Equal(0x00UL, io.Read(4, 1));
        device.BecomeReady();

        Assert.Equal(0x01UL, io.Read(0, 1));
        Assert.Equal(0x01UL, io.Read(4, 1));
    }
}
