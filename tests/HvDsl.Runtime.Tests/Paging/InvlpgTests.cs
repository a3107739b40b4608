using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Paging;

/// <summary>INVLPG drops the translations of the whole page holding its address, whatever the page's size.</summary>
public sealed class InvlpgTests
{
    // The boot area's page directory of 2 MiB pages (GuestBoot.Long), one 8-byte entry per page.
    private const ulong PageDirectory = Guest.BootArea + GuestBoot.TablesOffset + 0x2000;

    [Fact]
    public void Invlpg_of_a_2_mib_page_drops_what_was_reached_through_another_4_kib_part_of_it()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.mov(eax, 0x201000);
            a.mov(rbx, __qword_ptr[rax]);            // cached through the 2 MiB page at 2 MiB
            a.mov(edx, (uint)(PageDirectory + 8));
            a.mov(__qword_ptr[rdx], 0x400083);       // now that page maps physical 4 MiB
            a.mov(edx, 0x200000);
            a.invlpg(__byte_ptr[rdx]);                // another 4 KiB slot of the same page
            a.mov(rcx, __qword_ptr[rax]);
            a.hlt();
        }, mebibytes: 8);
        Span<byte> value = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(value, 0x1111);
        vm.Memory.Load(0x201000, value);
        BinaryPrimitives.WriteUInt64LittleEndian(value, 0x2222);
        vm.Memory.Load(0x401000, value);

        Guest.RunToHalt(vm);

        Assert.Equal(0x1111UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(0x2222UL, vm.Cpu.GetRegister(Register.RCX));
    }
}
