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
            public void Fill(byte value) { SetTable(1, value); Buffer[1] = value; }
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
    public void Read_only_array_gives_a_read_only_span_and_an_internal_element_setter()
    {
        Assert.Equal(typeof(ReadOnlySpan<byte>), Device.GetProperty("Table")!.PropertyType);
        Assert.True(Device.GetMethod("SetTable", BindingFlags.Instance | BindingFlags.NonPublic)!.IsAssembly);
    }

    [Fact]
    public void Read_write_array_gives_a_writable_span_and_no_element_setter()
    {
        Assert.Equal(typeof(Span<byte>), Device.GetProperty("Buffer")!.PropertyType);
        Assert.Null(Device.GetMethod("SetBuffer", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic));
    }

    [Fact]
    public void Device_code_sets_read_only_array_elements_that_the_guest_reads()
    {
        dynamic device = InMemoryCompiler.Create<IIoDevice>(Assembly, "Setters");
        var io = (IIoDevice)device;

        device.Fill((byte)0x5A);

        Assert.Equal(0x5AUL, io.Read(5, 1));
        Assert.Equal(0x5AUL, io.Read(7, 1));
        io.Write(5, 1, 0);
        Assert.Equal(0x5AUL, io.Read(5, 1));
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

    [Fact]
    public void Guest_access_of_a_width_the_device_does_not_allow_reads_all_ones_and_writes_nothing()
    {
        dynamic device = InMemoryCompiler.Create<IIoDevice>(Assembly, "Setters");
        var io = (IIoDevice)device;
        device.BecomeReady();

        io.Write(1, 2, 0xFFFF);
        io.Write(6, 2, 0xFFFF);

        Assert.Equal(0xFFFFUL, io.Read(0, 2));
        Assert.Equal(0x00UL, io.Read(1, 1));
        Assert.Equal(0x00UL, io.Read(6, 1));
        Assert.Equal(0x01UL, io.Read(0, 1));
    }
}
