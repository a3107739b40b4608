using System;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu;

public sealed class PageStraddlingDecodeTests
{
    // Block cache slot = (phys ^ phys >> 12) & 0xFFF: 0x10FEC and 0x2FFE both land in slot 0xFFC.
    private const ulong Loop = 0x10FEC;
    private const ulong Straddler = 0x2FFE;
    private const ulong BootArea = 0x200000;

    [Fact]
    public void Instruction_straddling_a_page_leaves_the_block_in_its_slot_intact()
    {
        // The loop's first instruction runs generically from the block's Iced instruction, which the straddler must not overwrite.
        using var vm = LoopThroughStraddler(32, a => a.xchg(eax, ebx), a => a.mov(__dword_ptr[edi + 0x10], 0x12345678)); // C7 47 10 imm32
        vm.Cpu.SetRegister(Register.EDI, 0x90000);

        AssertThreeRoundsHalt(vm);
        Assert.Equal(0x12345678U, (uint)Guest.ReadU64(vm, 0x90010));
    }

    [Fact]
    public void Long_mode_mov_rdx_imm32_straddling_a_page_runs_and_keeps_the_other_block()
    {
        using var vm = LoopThroughStraddler(64, a =>
        {
            a.xchg(rax, rbx);
            a.add(rsi, rdx);
        }, a => a.mov(rdx, -2)); // 48 C7 C2 imm32: the kernel's "mov rdx, imm32" that straddled 0xffffffff830ba000

        AssertThreeRoundsHalt(vm);
        Assert.Equal(unchecked((ulong)-4L), vm.Cpu.GetRegister(Register.RSI));
    }

    /// <summary>
    /// A flat guest looping three times through <paramref name="body"/> at <see cref="Loop"/> and the 7-byte
    /// <paramref name="straddler"/> at <see cref="Straddler"/>, whose last 5 bytes lie on the next page.
    /// </summary>
    private static Vm LoopThroughStraddler(int bitness, Action<Assembler> body, Action<Assembler> straddler)
    {
        var vm = Vm.WithMemory(4);
        vm.Memory.Load(Loop, Guest.Assemble(bitness, Loop, a =>
        {
            var done = a.CreateLabel();
            body(a);
            a.inc(ecx);
            a.cmp(ecx, 3);
            a.je(done);
            a.jmp(Straddler);
            a.Label(ref done);
            a.hlt();
        }));
        vm.Memory.Load(Straddler, Guest.Assemble(bitness, Straddler, a =>
        {
            straddler(a);
            a.jmp(Loop);
        }));
        if (bitness == 64)
            GuestBoot.Long(vm, BootArea, Loop, 0x80000);
        else
            GuestBoot.Protected(vm, BootArea, Loop, 0x80000);
        return vm;
    }

    private static void AssertThreeRoundsHalt(Vm vm)
    {
        var exit = vm.Run(1_000);
        Assert.True(exit.Reason == ExitReason.Halt, $"expected HLT, got {exit}");
        Assert.Equal(3UL, vm.Cpu.GetRegister(Register.ECX));
    }
}
