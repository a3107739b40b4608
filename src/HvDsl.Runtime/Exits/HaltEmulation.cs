using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Exits;

/// <summary>Services HLT exits the way a hypervisor must: sleep until an interrupt, or stop when none can come.</summary>
public static class HaltEmulation
{
    /// <summary>
    /// HLT with interrupts enabled lets the vCPU sleep until the next interrupt (virtual time skips ahead to the
    /// next timer); HLT with interrupts disabled, or a sleeping vCPU with nothing left to wake it, stops the run.
    /// </summary>
    public static ExitAction Service(IGuestCpu cpu, in VmExit exit)
    {
        // A vCPU already asleep comes back without an instruction: nothing armed can wake it.
        if (exit.IsEndlessHalt)
            return ExitAction.Stop(exit.Message ?? "guest halted with nothing armed to wake it");
        return (cpu.RFlags & RFlags.IF) != 0 ? ExitAction.Emulate : ExitAction.Stop("guest halted");
    }
}
