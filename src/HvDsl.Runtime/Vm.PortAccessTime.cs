using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime;

public sealed partial class Vm
{
    /// <summary>
    /// Virtual nanoseconds each port access (an IN or OUT, or one element of INS or OUTS) takes on a <see cref="VirtualClock"/>,
    /// on top of its instruction's own: the time a bus cycle to a device takes. 0 (the default) makes port I/O as fast as any
    /// instruction; a machine with devices on a slow bus sets it (<c>PcMachine</c>: 1 µs, an ISA bus cycle).
    /// </summary>
    public ulong PortAccessNanoseconds { get; set; }

    /// <summary>Moves the virtual clock on by one port access once a device has answered <paramref name="exit"/>.</summary>
    private void SpendPortAccess(in VmExit exit, ExitActionKind action)
    {
        if (exit.Reason == ExitReason.PortIo && action == ExitActionKind.Resume && PortAccessNanoseconds != 0 && Clock is VirtualClock clock)
            clock.Offset += PortAccessNanoseconds;
    }
}
