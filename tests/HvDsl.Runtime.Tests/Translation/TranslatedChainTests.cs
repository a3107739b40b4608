using System.IO;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Snapshots;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>Translated blocks that run straight into translated successors stop, look and invalidate as the interpreter does.</summary>
public sealed class TranslatedChainTests
{
    /// <summary>Where the called block lies: its own 2 MiB page (GuestBoot.Long's second page-directory entry).</summary>
    private const ulong Callee = 0x200000;

    private const ulong Handler = 0x180000;

    // The boot area's page directory of 2 MiB pages (GuestBoot.Long), one 8-byte entry per page.
    private const ulong PageDirectory = Guest.BootArea + GuestBoot.TablesOffset + 0x2000;

    /// <summary>
    /// <c>sti; mov ecx, 100; top: call Callee; test ecx, 1; jz even; add esi, 1; jmp next; even: add edi, 1; next: (at ecx =
    /// 50: <paramref name="change"/>); dec ecx; jnz top; hlt</c>: a chain of CALL, RET and a conditional branch whose
    /// sides alternate, with <c>mov eax, 3; add ebx, eax; ret</c> at <see cref="Callee"/>.
    /// </summary>
    private static Vm ChainGuest(System.Action<Assembler>? change = null)
    {
        var vm = Guest.Boot("long", a =>
        {
            var top = a.CreateLabel();
            var even = a.CreateLabel();
            var next = a.CreateLabel();
            a.sti();
            a.mov(ecx, 100);
            a.Label(ref top);
            a.call(Callee);
            a.test(ecx, 1);
            a.jz(even);
            a.add(esi, 1);
            a.jmp(next);
            a.Label(ref even);
            a.add(edi, 1);
            a.Label(ref next);
            if (change is not null)
            {
                var skip = a.CreateLabel();
                a.cmp(ecx, 50);
                a.jne(skip);
                change(a);
                a.Label(ref skip);
            }
            a.dec(ecx);
            a.jnz(top);
            a.hlt();
        }, mebibytes: 8);
        vm.Memory.Load(Callee, Callee3);
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a => a.hlt()));
        Idt.Gate64(vm, 0x20, Handler);
        return vm;
    }

    private static readonly byte[] Callee3 = Guest.Assemble(64, Callee, a => CalleeAdding(a, 3));

    private static void CalleeAdding(Assembler a, int add)
    {
        a.mov(eax, add);
        a.add(ebx, eax);
        a.ret();
    }

    private static Vm Translated(Vm vm)
    {
        vm.Translate = true;
        vm.TranslationThreshold = 1;
        return vm;
    }

    private static void AssertSameState(Vm expected, Vm actual)
    {
        Assert.Equal(expected.Cpu.InstructionCount, actual.Cpu.InstructionCount);
        Assert.Equal(expected.Cpu.Rip, actual.Cpu.Rip);
        Assert.Equal(expected.Cpu.RFlags, actual.Cpu.RFlags);
        foreach (var register in new[] { Register.RBX, Register.RCX, Register.RSI, Register.RDI, Register.RSP })
            Assert.Equal(expected.Cpu.GetRegister(register), actual.Cpu.GetRegister(register));
    }

    [Fact]
    public void Translated_blocks_chain_into_both_sides_of_a_branch_without_the_run_loop()
    {
        using var vm = Translated(ChainGuest());
        Guest.RunToHalt(vm);
        Assert.Equal(300UL, vm.Cpu.GetRegister(Register.RBX));
        var statistics = vm.Cpu.Statistics;
        // 100 iterations of four blocks each; all but a handful of runs follow their predecessor straight on.
        Assert.True(statistics.TranslatedBlockRuns >= 300, $"{statistics.TranslatedBlockRuns} translated runs");
        Assert.True(statistics.TranslatedRunLoopEntries <= 10, $"{statistics.TranslatedRunLoopEntries} of {statistics.TranslatedBlockRuns} runs entered from the run loop");
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(6UL)]
    [InlineData(37UL)]
    [InlineData(400UL)]
    [InlineData(803UL)]
    public void Budget_stop_inside_a_chain_lands_on_the_interpreters_instruction(ulong budget)
    {
        using var interpreted = ChainGuest();
        using var translated = Translated(ChainGuest());
        Assert.Equal(ExitReason.InstructionLimit, interpreted.Run(budget).Reason);
        Assert.Equal(ExitReason.InstructionLimit, translated.Run(budget).Reason);
        Assert.Equal(budget, translated.Cpu.InstructionCount);
        AssertSameState(interpreted, translated);
    }

    [Theory]
    [InlineData(500UL)]
    [InlineData(731UL)]
    public void Interrupt_raised_by_a_timer_mid_chain_is_taken_at_the_interpreters_instruction(ulong deadline)
    {
        using var interpreted = ChainGuest();
        using var translated = Translated(ChainGuest());
        foreach (var vm in new[] { interpreted, translated })
        {
            var guest = vm;
            guest.InterruptController = new OneLineController();
            guest.ScheduleAt(deadline, () => guest.GetInterruptLine(0).Raise());
            Guest.RunToHalt(guest);
        }
        // Halted in the handler, mid-loop: the interrupt came at the same boundary.
        Assert.Equal(Handler, translated.Cpu.Rip);
        AssertSameState(interpreted, translated);
    }

    [Fact]
    public void Chained_callee_rewritten_by_another_block_runs_its_new_code()
    {
        // The loop rewrites the callee's MOV immediate (mov eax, imm32 is B8 and four bytes) from its own page.
        using var vm = Translated(ChainGuest(a => a.mov(__dword_ptr[(long)Callee + 1], 7)));
        Guest.RunToHalt(vm);
        // ecx 100 down to 50 call the old callee, the 49 after the write the new one.
        Assert.Equal(51UL * 3 + 49 * 7, vm.Cpu.GetRegister(Register.RBX));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Chained_callee_remapped_by_invlpg_or_a_cr3_load_runs_the_new_pages_code(bool reloadCr3)
    {
        using var vm = Translated(ChainGuest(a =>
        {
            // The callee's 2 MiB page now maps physical 4 MiB, which holds the callee that adds 7.
            a.mov(edx, (uint)(PageDirectory + 8));
            a.mov(__qword_ptr[rdx], 0x400083);
            if (reloadCr3)
            {
                a.mov(rdx, cr3);
                a.mov(cr3, rdx);
            }
            else
            {
                a.mov(edx, (uint)Callee);
                a.invlpg(__byte_ptr[rdx]);
            }
        }));
        vm.Memory.Load(0x400000, Guest.Assemble(64, Callee, a => CalleeAdding(a, 7)));
        Guest.RunToHalt(vm);
        Assert.Equal(51UL * 3 + 49 * 7, vm.Cpu.GetRegister(Register.RBX));
    }

    [Theory]
    [InlineData(5UL)]
    [InlineData(402UL)]
    public void Snapshot_taken_inside_a_chain_resumes_like_the_uninterrupted_interpreter(ulong budget)
    {
        using var interpreted = ChainGuest();
        using var first = Translated(ChainGuest());
        Assert.Equal(ExitReason.InstructionLimit, first.Run(budget).Reason);
        using var second = Translated(Vm.WithMemory(8));
        second.Restore(new MemoryStream(SnapshotVm.Save(first)));
        Guest.RunToHalt(interpreted);
        Guest.RunToHalt(second);
        AssertSameState(interpreted, second);
    }
}
