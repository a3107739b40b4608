using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Runtime;

namespace HvDsl.Generators.Tests;

/// <summary>Several named interrupt outputs per device, each wired by the machine to its own line.</summary>
public sealed class IrqOutputBehaviourTests
{
    // Writing 1 raises Tx, 2 raises Rx: which line goes up shows how the machine wired each output.
    private const string Hooks = """
        namespace Test;
        public sealed partial class TwoLines
        {
            partial void OnData(byte value) { if (value == 1) Tx?.Raise(); else Rx?.Raise(); }
        }
        """;

    private static readonly System.Reflection.Assembly Assembly = InMemoryCompiler.Load(ConstructSnapshotTests.Spec("irqs.hvspec"), Hooks);

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 5)]
    public void Each_named_output_drives_the_line_the_placement_gives_it(byte value, int line)
    {
        using var board = InMemoryCompiler.Create<System.IDisposable>(Assembly, "TwoLineBoardMachine");
        Vm vm = ((dynamic)board).Vm;

        vm.PortIo.Write((ushort)0x10, 1, value);

        Assert.True(vm.GetInterruptLine(line).IsRaised);
        Assert.False(vm.GetInterruptLine(line == 4 ? 5 : 4).IsRaised);
    }

    [Fact]
    public void Unnamed_irq_wires_the_first_output()
    {
        using var board = InMemoryCompiler.Create<System.IDisposable>(Assembly, "TwoLineBoardMachine");
        Vm vm = ((dynamic)board).Vm;

        vm.PortIo.Write((ushort)0x20, 1, 1);

        Assert.True(vm.GetInterruptLine(6).IsRaised);
    }

    [Fact]
    public void Write_of_a_width_the_device_does_not_allow_raises_no_output()
    {
        using var board = InMemoryCompiler.Create<System.IDisposable>(Assembly, "TwoLineBoardMachine");
        Vm vm = ((dynamic)board).Vm;
        var uart = (HvDsl.Runtime.Devices.IIoDevice)((dynamic)board).Uart;

        uart.Write(0, 2, 1);
        uart.Write(0, 2, 2);

        Assert.False(vm.GetInterruptLine(4).IsRaised);
        Assert.False(vm.GetInterruptLine(5).IsRaised);
    }
}
