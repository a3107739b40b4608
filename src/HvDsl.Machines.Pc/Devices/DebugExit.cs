using System;

namespace HvDsl.Machines.Pc;

/// <summary>QEMU's isa-debug-exit: a guest write of V asks the host to end the run with exit status (V &lt;&lt; 1) | 1.</summary>
public sealed partial class DebugExit
{
    /// <summary>The exit status the guest asked for, or null while it has not written the port.</summary>
    public int? ExitStatus { get; private set; }

    /// <summary>Raised with the exit status when the guest writes the port; the machine stops its VM here.</summary>
    public event Action<int>? ExitRequested;

    partial void OnReset() => ExitStatus = null;

    partial void OnSave(System.IO.BinaryWriter writer) => writer.Write(ExitStatus ?? -1);

    partial void OnRestore(System.IO.BinaryReader reader) => ExitStatus = reader.ReadInt32() is var status and >= 0 ? status : null;

    partial void OnExit(byte value) => Exit(value);

    partial void OnExitWord(ushort value) => Exit(value);

    partial void OnExitDword(uint value) => Exit(value);

    // QEMU hw/misc/debugexit.c: the status is shifted so a guest can never report plain success (0); like QEMU's exit(), it is an int.
    private void Exit(uint value)
    {
        var status = unchecked((int)((value << 1) | 1));
        ExitStatus = status;
        ExitRequested?.Invoke(status);
    }
}
