using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Paging;

/// <summary>A remapped page is seen at its new frame once the guest invalidates it, whichever TLB level held the old translation.</summary>
public sealed class TlbInvalidationTests
{
    // GuestBoot.Long's page directory for the first GiB (2 MiB pages): boot area + tables offset + PML4 and PDPT pages.
    private const ulong PageDirectory = Guest.BootArea + 0x1000 + 0x2000;

    /// <summary>Reads 0x400000 (2 MiB page 2), points page 2 at frame 0x600000, runs <paramref name="invalidate"/>, reads again into RBX.</summary>
    private static Vm RemapAndReread(System.Action<Assembler> invalidate)
    {
        var vm = Guest.Boot("long", a =>
        {
            a.mov(__qword_ptr[0x400000], 1);
            a.mov(__qword_ptr[0x600000], 2);
            a.mov(rax, __qword_ptr[0x400000]);
            a.mov(rcx, __qword_ptr[0x400000 + 256 * 4096]); // same first-level slot: only the second level keeps 0x400000
            a.mov(rdx, 0x600000 | 0x87);
            a.mov(__qword_ptr[PageDirectory + 2 * 8], rdx);
            invalidate(a);
            a.mov(rbx, __qword_ptr[0x400000]);
            a.hlt();
        }, mebibytes: 16);
        Guest.RunToHalt(vm);
        return vm;
    }

    [Fact]
    public void Invlpg_drops_a_translation_the_second_level_tlb_held()
    {
        using var vm = RemapAndReread(a => a.invlpg(__[0x400000]));
        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(2UL, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Cr3_reload_drops_every_translation_the_second_level_tlb_held()
    {
        using var vm = RemapAndReread(a =>
        {
            a.mov(rsi, cr3);
            a.mov(cr3, rsi);
        });
        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(2UL, vm.Cpu.GetRegister(Register.RBX));
    }
}
