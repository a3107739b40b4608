using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Paging;

public sealed class PaePagingTests
{
    private const ulong Pdpt = 0x20000;
    private const ulong Directory = 0x21000;
    private const ulong Table = 0x22000;

    /// <summary>PAE tables: the first 2 MiB identity-mapped with a large page, 0x200000 → 0x300000 by a 4 KiB page.</summary>
    private static void WritePaeTables(Vm vm)
    {
        var bytes = new byte[0x3000];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, Directory | 1);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x1000), 0x83); // 2 MiB page at 0, P RW PS
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x1008), Table | 3);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x2000), 0x300000 | 3);
        vm.Memory.Load(Pdpt, bytes);
    }

    [Fact]
    public void Pae_translation_maps_a_4k_page_to_another_frame()
    {
        // Flat protected mode first, then PAE paging on; the code runs in the identity-mapped first 2 MiB.
        using var vm = Guest.Boot("protected", a => a.hlt());
        vm.Memory.Load(0x1000, Guest.Assemble(32, 0x1000, a =>
        {
            a.mov(__dword_ptr[0x200010], 0xABCD);
            a.hlt();
        }));
        WritePaeTables(vm);
        vm.Cpu.Cr4 = 0x20;
        vm.Cpu.Cr3 = Pdpt;
        vm.Cpu.Cr0 |= 0x8000_0000;
        vm.Cpu.Rip = 0x1000;
        vm.Cpu.SetRegister(Register.ESP, 0x80000);
        Guest.RunToHalt(vm);
        Assert.Equal(0xABCDUL, Guest.ReadU64(vm, 0x300010) & 0xFFFFFFFF);
        Assert.Equal(0UL, Guest.ReadU64(vm, 0x200010));
    }
}
