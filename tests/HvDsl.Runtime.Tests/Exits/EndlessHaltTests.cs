using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Exits;

/// <summary>A halt nothing can end stops the run instead of spinning the host; a halt a timer can end still sleeps until it.</summary>
public sealed class EndlessHaltTests
{
    private const ulong Handler = 0x180000;
    private const uint ClockTag = 0x4B434C43;

    /// <summary>What the generated trap dispatcher does with HLT (<c>hlt => halt</c>); everything else as without a handler.</summary>
    private sealed class HaltRule : ITrapHandler
    {
        public ExitAction Handle(IGuestCpu cpu, in VmExit exit) =>
            exit.Reason == ExitReason.Halt ? HaltEmulation.Service(cpu, exit) : ((VCpu)cpu).Vm.DefaultAction(cpu, exit);
    }

    /// <summary>Runs on another thread so a regression fails the test instead of hanging the run; the bound is generous.</summary>
    private static VmExit RunBounded(Vm vm, ulong budget)
    {
        var run = Task.Run(() => vm.Run(budget));
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the run did not end");
        return run.Result;
    }

    [Theory]
    [InlineData("real")]
    [InlineData("protected")]
    [InlineData("long")]
    public void Sti_hlt_with_nothing_armed_ends_the_run_as_an_endless_halt(string mode)
    {
        using var vm = Guest.Boot(mode, a =>
        {
            a.sti();
            a.hlt();
        });
        vm.TrapHandler = new HaltRule();

        var exit = RunBounded(vm, ulong.MaxValue);

        Assert.True(exit.IsEndlessHalt, $"expected an endless halt, got {exit}");
        Assert.Contains("nothing armed to wake it", exit.Message);
        Assert.Equal(2UL, vm.Cpu.InstructionCount);
    }

    [Fact]
    public void Halt_through_ticks_that_wake_nothing_ends_within_the_instruction_budget()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.sti();
            a.hlt();
        });
        vm.TrapHandler = new HaltRule();
        vm.InterruptController = new OneLineController();
        void Tick() => vm.ScheduleAt(vm.Clock.NowNanoseconds + 1000, Tick); // a periodic timer whose line is masked
        Tick();

        var exit = RunBounded(vm, 1000);

        Assert.Equal(ExitReason.InstructionLimit, exit.Reason);
        Assert.Equal(2UL, vm.Cpu.InstructionCount);
        Assert.True(vm.Cpu.IsHalted);
    }

    [Fact]
    public void Halt_after_cli_ends_at_once_even_with_a_timer_armed()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.cli();
            a.hlt();
        });
        vm.TrapHandler = new EmulateEveryHalt();
        vm.ScheduleAt(1000, () => vm.GetInterruptLine(0).Raise());

        var exit = RunBounded(vm, ulong.MaxValue);

        Assert.True(exit.IsEndlessHalt, $"expected an endless halt, got {exit}");
        Assert.Contains("interrupts disabled", exit.Message);
    }

    [Fact]
    public void Every_vcpu_halted_after_cli_ends_the_run_even_with_a_timer_armed()
    {
        using var vm = Guest.Boot("real", a =>
        {
            a.cli();
            a.hlt();
        });
        var second = vm.AddCpu();
        second.SetRegister(Register.CS, vm.Cpu.GetRegister(Register.CS));
        second.Rip = vm.Cpu.Rip;
        vm.TrapHandler = new EmulateEveryHalt();
        void Tick() => vm.ScheduleAt(vm.Clock.NowNanoseconds + 1000, Tick);
        Tick();

        var exit = RunBounded(vm, 1_000_000);

        Assert.True(exit.IsEndlessHalt, $"expected an endless halt, got {exit}");
        Assert.True(second.IsHalted);
    }

    [Fact]
    public void Halted_vcpu_restored_with_an_event_hold_still_wakes_on_its_timer()
    {
        using var vm = TimerGuest();
        Assert.True(vm.Run(1000).IsEndlessHalt);
        var snapshot = WithEventHold(Save(vm), vm.Cpu.InstructionCount + 1);

        using var resumed = TimerGuest();
        resumed.Restore(new MemoryStream(snapshot));
        resumed.ScheduleAt(resumed.Clock.NowNanoseconds + 1000, () => resumed.GetInterruptLine(0).Raise());
        var exit = RunBounded(resumed, 1000);

        Assert.True(exit.IsEndlessHalt, $"expected the second halt, got {exit}");
        Assert.Equal(99UL, resumed.Cpu.GetRegister(Register.EDX));
    }

    [Fact]
    public void Halted_vcpu_on_a_host_clock_sleeps_until_its_timer_wakes_it()
    {
        using var vm = TimerGuest();
        vm.Clock = new WallClock();
        vm.ScheduleAt(vm.Clock.NowNanoseconds + 20_000_000, () => vm.GetInterruptLine(0).Raise());

        var exit = RunBounded(vm, 1000);

        Assert.True(exit.IsEndlessHalt, $"expected the second halt, got {exit}");
        Assert.Equal(99UL, vm.Cpu.GetRegister(Register.EDX));
    }

    /// <summary>sti; hlt; then, once an interrupt has woken it, edx = 99 and a final halt.</summary>
    private static Vm TimerGuest()
    {
        var vm = Guest.Boot("long", a =>
        {
            a.sti();
            a.hlt();
            a.mov(edx, 99);
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a => a.iretq()));
        Idt.Gate64(vm, 0x20, Handler);
        vm.InterruptController = new OneLineController();
        vm.TrapHandler = new HaltRule();
        return vm;
    }

    private static byte[] Save(Vm vm)
    {
        var stream = new MemoryStream();
        vm.Save(stream);
        return stream.ToArray();
    }

    /// <summary>The snapshot with the clock section's event hold set to <paramref name="hold"/> and its checksum recomputed.</summary>
    private static byte[] WithEventHold(byte[] snapshot, ulong hold)
    {
        var offset = 10;
        while (BinaryPrimitives.ReadUInt32LittleEndian(snapshot.AsSpan(offset)) != ClockTag)
            offset += 12 + (int)BinaryPrimitives.ReadUInt64LittleEndian(snapshot.AsSpan(offset + 4));
        BinaryPrimitives.WriteUInt64LittleEndian(snapshot.AsSpan(offset + 12 + 8), hold);
        SHA256.HashData(snapshot.AsSpan(0, snapshot.Length - 32)).CopyTo(snapshot.AsSpan(snapshot.Length - 32));
        return snapshot;
    }

    private sealed class EmulateEveryHalt : ITrapHandler
    {
        public ExitAction Handle(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;
    }
}
