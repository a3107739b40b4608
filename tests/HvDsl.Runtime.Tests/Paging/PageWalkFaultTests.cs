using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Paging;

/// <summary>The 4-level walk's #PF error codes for reserved bits and its accessed bits on a refused access.</summary>
public sealed class PageWalkFaultTests
{
    // The boot area's page directory of 2 MiB pages (GuestBoot.Long); entry 1 maps the page at 2 MiB.
    private const ulong PageDirectoryEntry1 = Guest.BootArea + GuestBoot.TablesOffset + 0x2000 + 8;
    private const ulong Handler = 0x180000; // below the remapped page

    /// <summary>Installs <paramref name="pde"/> for the page at 2 MiB, runs <paramref name="access"/> on it and returns the #PF error code plus one (0: no fault) and the entry afterwards.</summary>
    private static (ulong Error, ulong Entry) Fault(ulong pde, System.Action<Assembler> access)
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.xor(ebx, ebx);
            a.mov(edx, (uint)PageDirectoryEntry1);
            a.mov(rax, pde);
            a.mov(__qword_ptr[rdx], rax);
            a.mov(esi, 0x200000);
            access(a);
            a.mov(rcx, __qword_ptr[rdx]);
            a.hlt();
        }, mebibytes: 4);
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.pop(rbx);
            a.inc(rbx);
            a.mov(rcx, __qword_ptr[rdx]);
            a.hlt();
        }));
        Idt.Gate64(vm, 14, Handler);
        Guest.RunToHalt(vm);
        return (vm.Cpu.GetRegister(Register.RBX), vm.Cpu.GetRegister(Register.RCX));
    }

    private static void Read(Assembler a) => a.mov(eax, __dword_ptr[rsi]);

    [Theory]
    [InlineData(0x200083UL | (1UL << 36))]   // an address bit at MAXPHYADDR (36)
    [InlineData(0x200083UL | (1UL << 51))]   // the highest address bit
    [InlineData(0x200083UL | (1UL << 13))]   // inside a 2 MiB page's offset
    public void A_reserved_bit_in_a_present_entry_faults_with_present_and_rsvd(ulong pde)
    {
        Assert.Equal(0x9UL + 1, Fault(pde, Read).Error);
    }

    [Fact]
    public void The_pat_bit_of_a_2_mib_page_is_not_reserved()
    {
        var (error, entry) = Fault(0x201083UL, Read);
        Assert.Equal(0UL, error);
        Assert.Equal(0x2010A3UL, entry); // accessed
    }

    [Fact]
    public void A_write_refused_by_a_read_only_page_leaves_its_accessed_and_dirty_bits_clear()
    {
        var (error, entry) = Fault(0x200081UL, a => a.mov(__dword_ptr[rsi], 1));
        Assert.Equal(0x3UL + 1, error); // present, write
        Assert.Equal(0x200081UL, entry);
    }
}
