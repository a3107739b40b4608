using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime.Debugging;

/// <summary>Why a debugged run handed control back.</summary>
public enum DebugStopReason
{
    /// <summary>A single step finished.</summary>
    Step,
    /// <summary>A vCPU reached a breakpoint's address; the instruction there has not run.</summary>
    Breakpoint,
    /// <summary>An instruction touched a watched range; it has run.</summary>
    Watchpoint,
    /// <summary>The debugger asked the guest to stop.</summary>
    Interrupted,
    /// <summary>The run ended (halt, shutdown, a stop by the machine, the budget); <see cref="DebugStop.End"/> says how.</summary>
    Ended,
}

/// <summary>
/// Where and why a debugged run stopped: the vCPU concerned, and for a watchpoint the watched address touched and
/// the watchpoint's kind; for an end, the exit that ended the run.
/// </summary>
public readonly record struct DebugStop(DebugStopReason Reason, VCpu Cpu, ulong WatchAddress = 0, WatchKind WatchKind = WatchKind.Write, VmExit End = default);
