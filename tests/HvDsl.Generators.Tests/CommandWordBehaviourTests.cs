using System.IO;
using System.Reflection;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime.Devices;

namespace HvDsl.Generators.Tests;

/// <summary>Registers chosen by bits of the written value (<c>when written.F == v</c>) and by a <c>state</c> register, driven through <see cref="IIoDevice"/>.</summary>
public sealed class CommandWordBehaviourTests
{
    // Begin restarts the setup sequence; a setup word makes the data port take data.
    private const string Hooks = """
        namespace Test;
        public sealed partial class CommandPort
        {
            partial void OnBegin(byte value) => Phase_Next = Word.ExpectSetup;
            partial void OnSetup(byte value) => Phase_Next = Word.ExpectData;
        }
        """;

    private static readonly Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("command-words.hvspec"), Hooks);

    private static dynamic New() => InMemoryCompiler.Create<IIoDevice>(Assembly, "CommandPort");

    [Theory]
    [InlineData(0x85UL, 0x85, 0x00, 0x00)]
    [InlineData(0x05UL, 0x00, 0x05, 0x00)]
    [InlineData(0x45UL, 0x00, 0x00, 0x45)]
    public void Bits_of_the_written_value_choose_the_command_register_that_takes_it(ulong written, int begin, int go, int stop)
    {
        var device = New();

        ((IIoDevice)device).Write(0, 1, written);

        Assert.Equal((byte)begin, (byte)device.Begin);
        Assert.Equal((byte)go, (byte)device.Go);
        Assert.Equal((byte)stop, (byte)device.Stop);
    }

    [Fact]
    public void First_register_in_source_order_whose_bits_match_takes_the_write()
    {
        var device = New();

        // Start (bit 7) is set and Kind (bits 7..6) is 3, which neither Go nor Stop takes; Begin comes first anyway.
        ((IIoDevice)device).Write(0, 1, 0xC0);

        Assert.Equal((byte)0xC0, (byte)device.Begin);
        Assert.Equal((byte)0, (byte)device.Go);
    }

    [Fact]
    public void Command_port_reads_the_read_only_register_beside_the_command_words()
    {
        Assert.Equal(0x5AUL, ((IIoDevice)New()).Read(0, 1));
    }

    [Fact]
    public void State_register_chooses_what_the_data_port_takes_and_hooks_move_it_on()
    {
        var device = New();
        var io = (IIoDevice)device;

        Assert.Equal(0xFFUL, io.Read(1, 1));
        io.Write(1, 1, 0x33);
        io.Write(1, 1, 0x44);

        Assert.Equal((byte)0x33, (byte)device.Setup);
        Assert.Equal(0x44UL, io.Read(1, 1));
        io.Write(0, 1, 0x80);
        Assert.Equal(0xFFUL, io.Read(1, 1));
    }

    [Fact]
    public void Width_the_device_does_not_allow_reaches_no_command_register()
    {
        var device = New();
        var io = (IIoDevice)device;

        io.Write(0, 2, 0x85);

        Assert.Equal((byte)0, (byte)device.Begin);
        Assert.Equal(0xFFFFUL, io.Read(0, 2));
    }

    [Theory]
    [InlineData(0xCEUL, 0xCE, 0x00)]
    [InlineData(0x8EUL, 0x00, 0x8E)]
    public void Plain_register_beside_a_command_word_takes_the_writes_the_command_word_does_not_match(ulong written, int special, int control)
    {
        var device = InMemoryCompiler.Create<IIoDevice>(Assembly, "ControlPort");

        ((IIoDevice)device).Write(0, 1, written);

        Assert.Equal((byte)special, (byte)((dynamic)device).Special);
        Assert.Equal((byte)control, (byte)((dynamic)device).Control);
    }

    [Fact]
    public void Width_the_device_does_not_allow_reaches_neither_the_command_word_nor_the_plain_register()
    {
        var device = InMemoryCompiler.Create<IIoDevice>(Assembly, "ControlPort");

        device.Write(0, 2, 0xCE);
        device.Write(0, 2, 0x8E);

        Assert.Equal((byte)0, (byte)((dynamic)device).Special);
        Assert.Equal((byte)0, (byte)((dynamic)device).Control);
    }

    [Fact]
    public void State_register_is_saved_and_restored_with_the_registers()
    {
        var source = New();
        ((IIoDevice)source).Write(1, 1, 0x33);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) ((IDeviceState)source).Save(writer);
        var copy = New();

        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) ((IDeviceState)copy).Restore(reader);

        Assert.Equal("ExpectData", copy.Phase_Next.ToString());
    }

    [Fact]
    public void State_register_has_an_internal_setter_and_no_offset_constant()
    {
        var type = Assembly.GetType("Test.CommandPort")!;

        Assert.True(type.GetProperty("Phase")!.GetSetMethod(nonPublic: true)!.IsAssembly);
        Assert.Null(type.GetNestedType("RegisterMap")!.GetField("PhaseOffset"));
        Assert.NotNull(type.GetNestedType("RegisterMap")!.GetField("Phase_NextMask"));
    }
}
