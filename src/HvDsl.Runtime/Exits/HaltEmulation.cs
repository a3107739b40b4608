using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Exits;

/// <summary>Services HLT exits the way a hypervisor must: sleep until an interrupt, or stop when none can come.</summary>
public static class HaltEmulation
{
    /// <summary>
    /// HLT with interrupts enabled lets the vCPU sleep until the next interrupt (virtual time skips ahead to the
    /// next timer); HLT with interrupts disabled, or a sleeping vCPU with nothing left to wake it, stops the run,
    /// unless another vCPU still runs: then this one sleeps, and the last to halt with interrupts disabled stops it.
    /// </summary>
    public static ExitAction Service(IGuestCpu cpu, in VmExit exit)
    {
        // A vCPU already asleep comes back without an instruction: nothing armed can wake it.
        if (exit.IsEndlessHalt)
            return ExitAction.Stop(exit.Message ?? "guest halted with nothing armed to wake it");
        // With several vCPUs, one halting with IF = 0 sleeps while another still runs (Linux parks its CPUs so at power-off).
        var sleeps = (cpu.RFlags & RFlags.IF) != 0 || cpu is VCpu vcpu && vcpu.Vm.AnotherCpuCanRun(vcpu);
        return sleeps ? ExitAction.Emulate : ExitAction.Stop("guest halted");
    }
}
