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
        using var vm = Vm.WithMemory(4);
        // The loop's first instruction runs generically from the block's Iced instruction, which the straddler must not overwrite.
        vm.Memory.Load(Loop, Guest.Assemble(32, Loop, a =>
        {
            var done = a.CreateLabel();
            a.xchg(eax, ebx);
            a.inc(ecx);
            a.cmp(ecx, 3);
            a.je(done);
            a.jmp(Straddler);
            a.Label(ref done);
            a.hlt();
        }));
        vm.Memory.Load(Straddler, Guest.Assemble(32, Straddler, a =>
        {
            a.mov(__dword_ptr[edi + 0x10], 0x12345678); // 7 bytes: C7 47 10 imm32, 2 on the first page
            a.jmp(Loop);
        }));
        GuestBoot.Protected(vm, BootArea, Loop, 0x80000);
        vm.Cpu.SetRegister(Register.EDI, 0x90000);

        var exit = vm.Run(1_000);

        Assert.True(exit.Reason == ExitReason.Halt, $"expected HLT, got {exit}");
        Assert.Equal(3UL, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(0x12345678U, (uint)Guest.ReadU64(vm, 0x90010));
    }

    [Fact]
    public void Long_mode_mov_rdx_imm32_straddling_a_page_runs_and_keeps_the_other_block()
    {
        using var vm = Vm.WithMemory(4);
        vm.Memory.Load(Loop, Guest.Assemble(64, Loop, a =>
        {
            var done = a.CreateLabel();
            a.xchg(rax, rbx);
            a.add(rsi, rdx);
            a.inc(ecx);
            a.cmp(ecx, 3);
            a.je(done);
            a.jmp(Straddler);
            a.Label(ref done);
            a.hlt();
        }));
        vm.Memory.Load(Straddler, Guest.Assemble(64, Straddler, a =>
        {
            a.mov(rdx, -2); // 48 C7 C2 imm32: the kernel's "mov rdx, imm32" that straddled 0xffffffff830ba000
            a.jmp(Loop);
        }));
        GuestBoot.Long(vm, BootArea, Loop, 0x80000);

        var exit = vm.Run(1_000);

        Assert.True(exit.Reason == ExitReason.Halt, $"expected HLT, got {exit}");
        Assert.Equal(3UL, vm.Cpu.GetRegister(Register.ECX));
        Assert.Equal(unchecked((ulong)-4L), vm.Cpu.GetRegister(Register.RSI));
    }
}
