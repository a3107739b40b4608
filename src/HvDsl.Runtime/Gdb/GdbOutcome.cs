using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime.Gdb;

/// <summary>How a debugging session ended.</summary>
public enum GdbOutcomeKind
{
    /// <summary>gdb detached (<c>D</c>) or closed the connection; the guest goes on without it.</summary>
    Detached,
    /// <summary>gdb killed the guest (<c>k</c>, <c>vKill</c>).</summary>
    Killed,
    /// <summary>The run ended while gdb watched; gdb was told its exit status.</summary>
    Ended,
}

/// <summary>The end of a session and, for <see cref="GdbOutcomeKind.Ended"/>, the exit that ended the run.</summary>
public readonly record struct GdbOutcome(GdbOutcomeKind Kind, VmExit End = default);
