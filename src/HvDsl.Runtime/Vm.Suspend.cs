using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime;

public sealed partial class Vm
{
    /// <summary>
    /// Whether the machine sleeps with its processors off (ACPI S3): while set, <see cref="Run"/> runs no vCPU and moves the
    /// clock from timer to timer, each costing one budget instruction, until a device clears it (a wake event); with nothing
    /// armed the run ends. Devices set and clear it; a device that keeps it restores it from its snapshot.
    /// </summary>
    public bool Suspended { get; set; }

    /// <summary>One step of a suspended machine: the next timer fires; the exit that ends the run if none is armed or a device asked to stop, else null.</summary>
    private VmExit? SleepToNextTimer()
    {
        if (!SkipToNextTimer())
            return new VmExit(ExitReason.Halt, default(Instruction), message: "guest suspended (S3) with nothing armed to wake it");
        if (_stopRequest is not { } reason)
            return null;
        _stopRequest = null;
        return new VmExit(ExitReason.Halt, default(Instruction), message: reason);
    }
}
