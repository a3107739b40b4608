using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Devices;

namespace HvDsl.Runtime.Exits;

/// <summary>Services port-I/O exits (IN, OUT, INS, OUTS, with REP) against a <see cref="PortIoBus"/>.</summary>
public static class PortIoEmulation
{
    /// <summary>
    /// Performs one port access for <paramref name="exit"/> and returns <see cref="ExitAction.Resume"/>; the
    /// runtime steps rSI/rDI/rCX and repeats REP forms by exiting again for each element.
    /// </summary>
    public static ExitAction Service(IGuestCpu cpu, in VmExit exit, PortIoBus bus)
    {
        if (exit.Direction == AccessDirection.Read)
            cpu.CompletePortIn(exit, bus.Read(exit.Port, exit.Width));
        else
            bus.Write(exit.Port, exit.Width, exit.Value);
        return ExitAction.Resume;
    }
}
