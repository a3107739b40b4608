using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Memory;

/// <summary>Guest-physical space with no RAM, ROM, device or MMIO hole behind it behaves as a PC bus's unassigned space.</summary>
public sealed class UnassignedMemoryTests
{
    private const uint Unassigned = 0x80_0000; // above the 4 MiB of RAM, inside the identity map

    [Fact]
    public void Unassigned_reads_see_all_ones_writes_are_dropped_and_each_access_is_counted()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(ebx, Unassigned);
            a.mov(rax, __qword_ptr[rbx]);
            a.mov(__dword_ptr[rbx], 0x1234);
            a.add(__dword_ptr[rbx], 1);     // read and write of the same address in one instruction
            a.movzx(ecx, __word_ptr[rbx]);
            a.hlt();
        });

        Guest.RunToHalt(vm);

        Assert.Equal(ulong.MaxValue, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(0xFFFFUL, vm.Cpu.GetRegister(Register.RCX));
        Assert.Equal(5, vm.Cpu.Statistics.UnassignedAccesses);
    }

    [Fact]
    public void A_fetch_from_unassigned_space_still_stops_the_run()
    {
        using var vm = Guest.Boot("long", a => a.jmp(Unassigned));

        var exit = vm.Run(1000);

        Assert.Equal(HvDsl.Runtime.Exits.ExitReason.UnmappedMemory, exit.Reason);
        Assert.Contains("instruction fetch from unmapped guest-physical address 0x800000", exit.Message);
    }
}
