using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Interrupts;

public sealed class ExternalInterruptTests
{
    private const ulong Handler = 0x180000;

    [Fact]
    public void Raised_line_interrupts_the_guest_only_once_it_enables_interrupts()
    {
        using var vm = Guest.Boot("long", a =>
        {
            var spin = a.CreateLabel();
            a.mov(ebx, 1);
            a.mov(ebx, 2);
            a.sti();
            a.Label(ref spin);
            a.jmp(spin);
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a =>
        {
            a.mov(rcx, rbx);
            a.hlt();
        }));
        Idt.Gate64(vm, 0x20, Handler);
        vm.InterruptController = new OneLineController();
        vm.GetInterruptLine(0).Raise();
        Guest.RunToHalt(vm);
        Assert.Equal(2UL, vm.Cpu.GetRegister(Register.RCX));
        Assert.Equal(1L, vm.Cpu.Statistics.Interrupts);
    }

    [Fact]
    public void Halted_vcpu_sleeps_until_a_timer_raises_an_interrupt_on_the_virtual_clock()
    {
        using var vm = Guest.Boot("long", a =>
        {
            a.sti();
            a.hlt();
            a.mov(edx, 99);
            a.cli();
            a.hlt();
        });
        vm.Memory.Load(Handler, Guest.Assemble(64, Handler, a => a.iretq()));
        Idt.Gate64(vm, 0x20, Handler);
        vm.InterruptController = new OneLineController();
        vm.ScheduleAt(1_000_000, () => vm.GetInterruptLine(0).Raise());
        vm.TrapHandler = new EmulateFirstHalt();
        var exit = vm.Run(1000);
        Assert.Equal(ExitReason.Halt, exit.Reason);
        Assert.Equal(99UL, vm.Cpu.GetRegister(Register.EDX));
        Assert.True(vm.Clock.NowNanoseconds >= 1_000_000);
    }

    private sealed class EmulateFirstHalt : ITrapHandler
    {
        private int _halts;
        public ExitAction Handle(HvDsl.Runtime.Cpu.IGuestCpu cpu, in VmExit exit) =>
            exit.Reason == ExitReason.Halt && _halts++ == 0 ? ExitAction.Emulate : ExitAction.Stop("second halt");
    }
}
