using HvDsl.Runtime;
using HvDsl.Runtime.Serial;

namespace HvDsl.Machines.Pc;

/// <summary>COM2's host line polled as the VM clock runs, so what the far end sends raises the receive interrupt and wakes a halted guest.</summary>
public sealed partial class PcMachine
{
    // The poll's timer slot: each poll replaces the one armed before it.
    private readonly object _serialLineSlot = new();

    /// <summary>Connects COM2 to <paramref name="line"/> (opened while the guest holds DTR) and polls it every <see cref="SerialPollNanoseconds"/>.</summary>
    private void ConnectCom2(ISerialLine line)
    {
        Com2.Line = line;
        StartSerialLine();
        Vm.Restored += StartSerialLine;
    }

    private void StartSerialLine() => Vm.ScheduleAt(_serialLineSlot, Vm.Clock.NowNanoseconds, PollSerialLine);

    private void PollSerialLine()
    {
        Com2.PollLine();
        if (Vm.Cpu.IsHalted && Vm.Clock is VirtualClock) Com2.WaitForLine(HaltedInputWait);
        Vm.ScheduleAt(_serialLineSlot, Vm.Clock.NowNanoseconds + SerialPollNanoseconds, PollSerialLine);
    }
}
