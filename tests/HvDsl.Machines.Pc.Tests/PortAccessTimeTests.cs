using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>On the PC a port access takes an ISA bus cycle, a microsecond, of virtual time.</summary>
public sealed class PortAccessTimeTests
{
    [Fact]
    public void Reading_rtc_register_a_through_the_index_and_data_ports_takes_two_microseconds_of_virtual_time()
    {
        using var pc = Guest.Create();
        pc.BootRealMode(a =>
        {
            a.mov(al, 0x0A);
            a.@out(0x70, al);
            a.@in(al, 0x71);
            a.hlt();
        });
        pc.Vm.Run(100);
        Assert.Equal(pc.Vm.InstructionCount + 2 * PcMachine.PortAccessNanoseconds, pc.Vm.Clock.NowNanoseconds);
        Assert.Equal(1000UL, PcMachine.PortAccessNanoseconds);
    }
}
