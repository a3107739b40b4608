using HvDsl.Runtime.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Exits;

/// <summary>A port access takes the VM's port access time on the virtual clock, once per access and element, and nothing without one.</summary>
public sealed class PortAccessTimeTests
{
    /// <summary>Two OUTs, one IN and a REP OUTSB of three bytes: six port accesses, then HLT.</summary>
    private static Vm RunSixPortAccesses(ulong portAccessNanoseconds)
    {
        var vm = Guest.Boot("protected", a =>
        {
            a.@out(0x80, al);
            a.@out(0x80, al);
            a.@in(al, 0x80);
            a.mov(esi, 0x1000);
            a.mov(ecx, 3);
            a.mov(dx, 0x80);
            a.rep.outsb();
            a.hlt();
        });
        vm.PortAccessNanoseconds = portAccessNanoseconds;
        Guest.RunToHalt(vm);
        return vm;
    }

    [Fact]
    public void Each_port_access_and_string_element_moves_the_virtual_clock_on_by_the_port_access_time()
    {
        using var vm = RunSixPortAccesses(1000);
        Assert.Equal(vm.InstructionCount + 6 * 1000, vm.Clock.NowNanoseconds);
    }

    [Fact]
    public void Without_a_port_access_time_port_io_takes_no_more_time_than_any_instruction()
    {
        using var vm = RunSixPortAccesses(0);
        Assert.Equal(vm.InstructionCount, vm.Clock.NowNanoseconds);
    }
}
