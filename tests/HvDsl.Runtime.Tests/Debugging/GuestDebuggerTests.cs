using System;
using HvDsl.Runtime.Debugging;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Debugging;

public class GuestDebuggerTests
{
    private const ulong Counter = 0x2000;

    // cli; xor ax,ax; again: inc word [0x2000]; inc ax; cmp ax,N; jne again; hlt (real mode at 0x7C00).
    private static Vm CountingGuest(out ulong again, out ulong incAx, int iterations = 5)
    {
        var vm = Guest.Boot("real", a =>
        {
            var loop = a.CreateLabel();
            a.cli();
            a.xor(ax, ax);
            a.Label(ref loop);
            a.inc(__word_ptr[Counter]);
            a.inc(ax);
            a.cmp(ax, (short)iterations);
            a.jne(loop);
            a.hlt();
        });
        // The loop's one block: inc ax is its second instruction whatever the compare's immediate size.
        again = 0x7C03;
        incAx = 0x7C07;
        return vm;
    }

    private static ushort CounterValue(Vm vm)
    {
        Span<byte> value = stackalloc byte[2];
        Assert.True(vm.Memory.Read(Counter, value));
        return BitConverter.ToUInt16(value);
    }

    [Fact]
    public void Step_executes_exactly_one_instruction()
    {
        var vm = CountingGuest(out _, out _);
        var debugger = new GuestDebugger(vm);
        var stop = debugger.Step(vm.Cpu);
        Assert.Equal(DebugStopReason.Step, stop.Reason);
        Assert.Equal(1UL, vm.Cpu.InstructionCount);
        Assert.Equal(0x7C01UL, vm.Cpu.Rip);
    }

    [Fact]
    public void Continue_stops_before_the_instruction_at_a_breakpoint()
    {
        var vm = CountingGuest(out _, out var incAx);
        var debugger = new GuestDebugger(vm);
        debugger.AddBreakpoint(incAx);
        var stop = debugger.Continue(() => false);
        Assert.Equal(DebugStopReason.Breakpoint, stop.Reason);
        Assert.Equal(incAx, vm.Cpu.Rip);
        Assert.Equal(1, CounterValue(vm));
        Assert.Equal(0UL, vm.Cpu.GetRegister(Register.AX));
    }

    [Fact]
    public void Continue_from_a_breakpoint_runs_its_instruction_and_stops_on_the_next_arrival()
    {
        var vm = CountingGuest(out _, out var incAx);
        var debugger = new GuestDebugger(vm);
        debugger.AddBreakpoint(incAx);
        debugger.Continue(() => false);
        var stop = debugger.Continue(() => false);
        Assert.Equal(DebugStopReason.Breakpoint, stop.Reason);
        Assert.Equal(1UL, vm.Cpu.GetRegister(Register.AX));
        Assert.Equal(2, CounterValue(vm));
    }

    [Fact]
    public void Breakpoint_inside_a_hot_loop_stops_on_every_iteration()
    {
        const int iterations = 2000;
        var vm = CountingGuest(out _, out var incAx, iterations);
        var debugger = new GuestDebugger(vm);
        debugger.AddBreakpoint(incAx);

        for (var i = 0; i < iterations; i++)
        {
            var stop = debugger.Continue(() => false);
            Assert.Equal(DebugStopReason.Breakpoint, stop.Reason);
            Assert.Equal(incAx, vm.Cpu.Rip);
            Assert.Equal((ulong)i, vm.Cpu.GetRegister(Register.AX));
            Assert.Equal(i + 1, CounterValue(vm));
        }
        Assert.Equal(DebugStopReason.Ended, debugger.Continue(() => false).Reason);
        Assert.Equal(iterations, CounterValue(vm));
    }

    [Fact]
    public void Breakpoints_at_the_head_and_inside_a_loop_block_stop_in_turn()
    {
        var vm = CountingGuest(out var again, out var incAx);
        var debugger = new GuestDebugger(vm);
        debugger.AddBreakpoint(again);
        debugger.AddBreakpoint(incAx);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(DebugStopReason.Breakpoint, debugger.Continue(() => false).Reason);
            Assert.Equal(again, vm.Cpu.Rip);
            Assert.Equal(DebugStopReason.Breakpoint, debugger.Continue(() => false).Reason);
            Assert.Equal(incAx, vm.Cpu.Rip);
            Assert.Equal((ulong)i, vm.Cpu.GetRegister(Register.AX));
        }
        Assert.Equal(DebugStopReason.Ended, debugger.Continue(() => false).Reason);
    }

    [Fact]
    public void Write_watchpoint_stops_after_the_instruction_that_stored_there()
    {
        var vm = CountingGuest(out var again, out var incAx);
        var debugger = new GuestDebugger(vm);
        debugger.AddBreakpoint(incAx);
        debugger.Continue(() => false);
        debugger.Step(vm.Cpu);
        debugger.RemoveBreakpoint(incAx);
        debugger.AddWatchpoint(new Watchpoint(Counter, 2, WatchKind.Write));
        var stop = debugger.Continue(() => false);
        Assert.Equal(DebugStopReason.Watchpoint, stop.Reason);
        Assert.Equal(Counter, stop.WatchAddress);
        Assert.Equal(2, CounterValue(vm));
        Assert.Equal(incAx, vm.Cpu.Rip);
    }

    [Fact]
    public void Read_watchpoint_ignores_a_store_to_a_neighbouring_byte()
    {
        var vm = Guest.Boot("real", a =>
        {
            a.mov(__byte_ptr[Counter + 1], 7);
            a.mov(al, __byte_ptr[Counter]);
            a.hlt();
        });
        var debugger = new GuestDebugger(vm);
        debugger.AddWatchpoint(new Watchpoint(Counter, 1, WatchKind.Read));
        var stop = debugger.Continue(() => false);
        Assert.Equal(DebugStopReason.Watchpoint, stop.Reason);
        Assert.Equal(2UL, vm.Cpu.InstructionCount);
    }

    [Fact]
    public void Continue_without_points_runs_to_the_end_of_the_run()
    {
        var vm = CountingGuest(out _, out _);
        var stop = new GuestDebugger(vm).Continue(() => false);
        Assert.Equal(DebugStopReason.Ended, stop.Reason);
        Assert.Equal(ExitReason.Halt, stop.End.Reason);
        Assert.Equal(5, CounterValue(vm));
    }

    [Fact]
    public void Interrupt_request_stops_a_guest_that_never_ends()
    {
        var vm = Guest.Boot("real", a =>
        {
            var self = a.CreateLabel();
            a.Label(ref self);
            a.jmp(self);
        });
        var looks = 0;
        var stop = new GuestDebugger(vm).Continue(() => ++looks == 3);
        Assert.Equal(DebugStopReason.Interrupted, stop.Reason);
        Assert.Equal(3 * GuestDebugger.FreeRunSlice, vm.Cpu.InstructionCount);
    }

    [Fact]
    public void Budget_ends_a_stepped_run_with_the_instruction_limit()
    {
        var vm = CountingGuest(out _, out _);
        var debugger = new GuestDebugger(vm) { Budget = 4 };
        debugger.AddBreakpoint(0xFFFF0);
        var stop = debugger.Continue(() => false);
        Assert.Equal(DebugStopReason.Ended, stop.Reason);
        Assert.Equal(ExitReason.InstructionLimit, stop.End.Reason);
        Assert.Equal(4UL, vm.Cpu.InstructionCount);
    }
}
