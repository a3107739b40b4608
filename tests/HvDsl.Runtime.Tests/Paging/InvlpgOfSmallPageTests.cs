using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Paging;

/// <summary>
/// INVLPG of a 4 KiB page where no large page was walked drops that page's translations only, and still reaches every
/// shortcut that runs code through them: links between decoded blocks, an evicted fetch translation, code writes.
/// </summary>
public sealed class InvlpgOfSmallPageTests
{
    // GuestBoot.Long's page directory for the first GiB (2 MiB pages): boot area + tables offset + PML4 and PDPT pages.
    private const ulong PageDirectory = Guest.BootArea + GuestBoot.TablesOffset + 0x2000;

    // 4 MiB to 6 MiB mapped page by page (identity) through this table, so their 4 MiB region holds no large page.
    private const ulong PageTable = 0x40000;

    private const ulong Code = 0x401000, OtherCode = 0x501000, NewFrame = 0x601000;

    private static ulong Pte(ulong linear) => PageTable + ((linear - 0x400000) >> 12) * 8;

    /// <summary>A 16 MiB long-mode VM running <paramref name="program"/> with 4 MiB-6 MiB mapped by 4 KiB pages.</summary>
    private static Vm BootWithSmallPages(Action<Assembler> program)
    {
        var vm = Guest.Boot("long", program, mebibytes: 16);
        var table = new byte[4096];
        for (var i = 0; i < 512; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(i * 8), (0x400000 + (ulong)i * 4096) | 3);
        vm.Memory.Load(PageTable, table);
        Span<byte> entry = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, PageTable | 3);
        vm.Memory.Load(PageDirectory + 2 * 8, entry);
        return vm;
    }

    /// <summary>Code at <paramref name="address"/> that returns <paramref name="value"/> in RAX.</summary>
    private static void LoadReturning(Vm vm, ulong address, uint value) =>
        vm.Memory.Load(address, Guest.Assemble(64, address, a =>
        {
            a.mov(eax, value);
            a.ret();
        }));

    private static void Store(Vm vm, ulong address, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        vm.Memory.Load(address, bytes);
    }

    /// <summary>Twice: RBX += the call of <see cref="Code"/>, then <paramref name="between"/>; the second call's block is reached by the first's link.</summary>
    private static Vm CallTwice(Action<Assembler> between)
    {
        var vm = BootWithSmallPages(a =>
        {
            var top = a.CreateLabel();
            a.mov(ecx, 2);
            a.xor(ebx, ebx);
            a.jmp(top); // so both rounds run the same block from the label on, linked to the callee's block in the first
            a.Label(ref top);
            a.mov(eax, (uint)Code);
            a.call(rax);
            a.add(rbx, rax);
            between(a);
            a.dec(ecx);
            a.jnz(top);
            a.hlt();
        });
        LoadReturning(vm, Code, 1);
        LoadReturning(vm, NewFrame, 10);
        LoadReturning(vm, OtherCode, 0);
        return vm;
    }

    [Fact]
    public void Invlpg_of_a_4_kib_page_drops_its_stale_translation_and_keeps_another_pages()
    {
        using var vm = BootWithSmallPages(a =>
        {
            a.mov(rax, __qword_ptr[0x400000]);
            a.mov(rbx, __qword_ptr[0x401000]);
            a.mov(edx, 0x600000 | 3);
            a.mov(__qword_ptr[Pte(0x400000)], rdx);
            a.mov(edx, 0x601000 | 3);
            a.mov(__qword_ptr[Pte(0x401000)], rdx);
            a.invlpg(__[0x400000]);
            a.mov(rcx, __qword_ptr[0x400000]);
            a.mov(rdx, __qword_ptr[0x401000]); // not invalidated: the TLB still holds the old frame
            a.hlt();
        });
        Store(vm, 0x400000, 1);
        Store(vm, 0x401000, 2);
        Store(vm, 0x600000, 3);
        Store(vm, 0x601000, 4);

        Guest.RunToHalt(vm);

        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.RAX));
        Assert.Equal(2UL, vm.Cpu.GetRegister(Register.RBX));
        Assert.Equal(3UL, vm.Cpu.GetRegister(Register.RCX));
        Assert.Equal(2UL, vm.Cpu.GetRegister(Register.RDX));
    }

    [Fact]
    public void Invlpg_of_a_remapped_code_page_runs_the_code_of_its_new_frame()
    {
        using var vm = CallTwice(RemapCode);

        Guest.RunToHalt(vm);

        Assert.Equal(11UL, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Invlpg_of_a_code_page_whose_fetch_translation_was_evicted_still_runs_its_new_frame()
    {
        // OtherCode shares Code's fetch TLB slot, so when INVLPG comes that slot no longer holds Code's translation.
        using var vm = CallTwice(a =>
        {
            a.mov(eax, (uint)OtherCode);
            a.call(rax);
            RemapCode(a);
        });

        Guest.RunToHalt(vm);

        Assert.Equal(11UL, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void A_code_write_after_invlpg_of_the_code_page_still_invalidates_its_block()
    {
        using var vm = CallTwice(a =>
        {
            a.invlpg(__[Code]);
            a.mov(__dword_ptr[Code + 1], 10); // MOV EAX, imm32: the immediate follows the opcode byte
        });

        Guest.RunToHalt(vm);

        Assert.Equal(11UL, vm.Cpu.GetRegister(Register.RBX));
    }

    /// <summary>Points Code's page-table entry at NewFrame and drops the old translation with INVLPG.</summary>
    private static void RemapCode(Assembler a)
    {
        a.mov(edx, (uint)NewFrame | 3);
        a.mov(__qword_ptr[Pte(Code)], rdx);
        a.invlpg(__[Code]);
    }
}
