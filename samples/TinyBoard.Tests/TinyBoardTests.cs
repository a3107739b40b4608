using System.IO;
using HvDsl.Runtime.Exits;

namespace TinyBoard.Tests;

/// <summary>The sample board boots its guest, takes the thermometer's interrupts through the PIC, and survives a snapshot.</summary>
public sealed class TinyBoardTests
{
    [Fact]
    public void Guest_prints_each_reading_the_thermometer_interrupt_delivers_and_exits_with_their_sum()
    {
        using var run = new TinyBoardRun();
        var end = run.Run();
        Assert.Equal(TinyGuest.Output, run.Output);
        Assert.Equal(TinyGuest.ExitStatus, run.Machine.ExitStatus);
        Assert.Equal("guest called Exit(66)", end.Message);
    }

    [Fact]
    public void Thermometer_interrupt_reaches_the_pic_only_while_enabled()
    {
        using var run = new TinyBoardRun(boot: false);
        var bus = run.Machine.Vm.PortIo;
        bus.Write(0x100, 1, 1);                         // Measure with InterruptEnable clear
        Assert.True(run.Machine.Thermometer.Status_Done);
        Assert.False(run.Machine.Thermometer.Ready!.IsRaised);
        bus.Write(0x101, 1, 0x02);                      // enabling it raises the line for the reading waiting
        Assert.True(run.Machine.Thermometer.Ready.IsRaised);
        bus.Write(0x101, 1, 0x03);                      // Done written 1 clears it and lowers the line
        Assert.False(run.Machine.Thermometer.Ready.IsRaised);
        Assert.Equal(21UL, bus.Read(0x102, 1));
    }

    [Fact]
    public void Run_saved_halfway_resumes_on_a_new_board_to_the_same_output_and_status()
    {
        ulong total;
        using (var whole = new TinyBoardRun())
        {
            whole.Run();
            total = whole.Machine.Vm.InstructionCount;
        }
        var snapshot = new MemoryStream();
        string before;
        using (var first = new TinyBoardRun())
        {
            Assert.Equal(ExitReason.InstructionLimit, first.Run(total / 2).Reason);
            before = first.Output;
            first.Machine.Vm.Save(snapshot);
        }
        using var second = new TinyBoardRun(boot: false);
        snapshot.Position = 0;
        second.Machine.Vm.Restore(snapshot);
        second.Run();
        Assert.StartsWith("TinyBoardCPU\n", before);
        Assert.Equal(TinyGuest.Output, before + second.Output);
        Assert.Equal(TinyGuest.ExitStatus, second.Machine.ExitStatus);
    }
}
