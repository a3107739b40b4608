using System;

namespace HvDsl.Machines.Pc;

/// <summary>QEMU's isa-debug-exit: a guest write of V asks the host to end the run with exit status (V &lt;&lt; 1) | 1.</summary>
public sealed partial class DebugExit
{
    /// <summary>The exit status the guest asked for, or null while it has not written the port.</summary>
    public int? ExitStatus { get; private set; }

    /// <summary>Raised with the exit status when the guest writes the port; the machine stops its VM here.</summary>
    public event Action<int>? ExitRequested;

    // QEMU hw/misc/debugexit.c: the status is shifted so a guest can never report plain success (0).
    partial void OnExit(byte value)
    {
        var status = (value << 1) | 1;
        ExitStatus = status;
        ExitRequested?.Invoke(status);
    }
}
