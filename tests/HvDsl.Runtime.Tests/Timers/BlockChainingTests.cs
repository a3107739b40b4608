using System.Collections.Generic;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Timers;

/// <summary>Blocks that run straight into their linked successors still stop at every boundary where the run loop has work.</summary>
public sealed class BlockChainingTests
{
    private const ulong Handler = 0x180000;

    /// <summary>A first block of three instructions (mov, dec, jnz), then a two-instruction loop: boundaries at 3, 5, 7 ...</summary>
    private static Vm CountdownGuest(int iterations) => Guest.Boot("long", a =>
    {
        var loop = a.CreateLabel();
        a.mov(ecx, iterations);
        a.Label(ref loop);
        a.dec(ecx);
        a.jnz(loop);
        a.hlt();
    });

    [Fact]
    public void Timer_fires_at_the_first_block_boundary_at_or_after_its_deadline_in_a_linked_loop()
    {
        using var vm = CountdownGuest(1000);
        var firedAt = new List<ulong>();
        vm.ScheduleAt(100, () => firedAt.Add(vm.Cpu.InstructionCount));
        vm.ScheduleAt(1001, () => firedAt.Add(vm.Cpu.InstructionCount));
        vm.ScheduleAt(1500, () => firedAt.Add(vm.Cpu.InstructionCount));
        Guest.RunToHalt(vm);
        Assert.Equal([101UL, 1001UL, 1501UL], firedAt);
    }

    [Fact]
    public void Timer_armed_by_a_timer_callback_is_seen_by_the_same_linked_loop()
    {
        using var vm = CountdownGuest(1000);
        var firedAt = new List<ulong>();
        vm.ScheduleAt(10, () => vm.ScheduleAt(vm.Clock.NowNanoseconds + 50, () => firedAt.Add(vm.Cpu.InstructionCount)));
        Guest.RunToHalt(vm);
        Assert.Equal([61UL], firedAt);
    }

    [Fact]
    public void Interrupt_raised_by_a_timer_reaches_a_guest_spinning_in_one_linked_block()
    {
        using var vm = Guest.Boot("long", a =>
        {
            var spin = a.CreateLabel();
            a.xor(ebx, ebx);
            a.sti();
            a.Label(ref spin);
            a.add(ebx, 1);
            a.jmp(spin);
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a => a.hlt()));
        Idt.Gate64(vm, 0x20, Handler);
        vm.InterruptController = new OneLineController();
        vm.ScheduleAt(10_000, () => vm.GetInterruptLine(0).Raise());
        Guest.RunToHalt(vm);
        // The first block is xor, sti, add, jmp; then add and jmp, so boundaries lie at 4 + 2k and the one at 10,000 takes the interrupt.
        Assert.Equal(1 + (10_000UL - 4) / 2, vm.Cpu.GetRegister(Register.RBX));
    }

    [Fact]
    public void Budget_stop_inside_a_linked_loop_lands_on_the_exact_instruction_count()
    {
        using var vm = CountdownGuest(1000);
        var exit = vm.Run(777);
        Assert.Equal(HvDsl.Runtime.Exits.ExitReason.InstructionLimit, exit.Reason);
        Assert.Equal(777UL, vm.Cpu.InstructionCount);
        Assert.Equal(1000UL - 388, vm.Cpu.GetRegister(Register.ECX)); // mov, then 388 dec/jnz pairs
    }
}
