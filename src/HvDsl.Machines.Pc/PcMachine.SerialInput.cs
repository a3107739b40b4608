using System;
using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>COM1's host input arriving as the VM clock runs, so it raises the receive interrupt and wakes a halted guest.</summary>
public sealed partial class PcMachine
{
    /// <summary>How often COM1 looks for host input: about one character time at 115200 baud.</summary>
    public const ulong SerialPollNanoseconds = 100_000;

    /// <summary>How long a halted guest on the virtual clock waits on the host for input at each poll, instead of spinning virtual time.</summary>
    private static readonly TimeSpan HaltedInputWait = TimeSpan.FromMilliseconds(10);

    // The poll's timer slot: each poll replaces the one armed before it.
    private readonly object _serialInputSlot = new();

    /// <summary>Polls COM1 every <see cref="SerialPollNanoseconds"/> of VM time until its input has ended and been delivered.</summary>
    private void StartSerialInput() => Vm.ScheduleAt(_serialInputSlot, Vm.Clock.NowNanoseconds, PollSerialInput);

    private void PollSerialInput()
    {
        Com1.PollHostInput();
        if (!Com1.ExpectsHostInput) return;
        if (Vm.Cpu.IsHalted && Vm.Clock is VirtualClock) Com1.WaitForHostInput(HaltedInputWait);
        Vm.ScheduleAt(_serialInputSlot, Vm.Clock.NowNanoseconds + SerialPollNanoseconds, PollSerialInput);
    }
}
