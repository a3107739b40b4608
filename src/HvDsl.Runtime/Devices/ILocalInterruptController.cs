namespace HvDsl.Runtime.Devices;

/// <summary>
/// A processor's own interrupt controller (a local APIC). A vCPU that has one polls it instead of the VM's controller,
/// reads and writes CR8 as its task priority, passes it the MSRs it owns and takes NMIs from it.
/// </summary>
public interface ILocalInterruptController : IInterruptController
{
    /// <summary>CR8: the task-priority class, 0-15 (TPR bits 7:4).</summary>
    ulong TaskPriorityClass { get; set; }

    /// <summary>Whether MSR <paramref name="index"/> belongs to this controller (IA32_APIC_BASE, the TSC deadline, ...).</summary>
    bool OwnsMsr(uint index);

    /// <summary>RDMSR of an MSR <see cref="OwnsMsr"/> claimed; false raises #GP(0).</summary>
    bool TryReadMsr(uint index, out ulong value);

    /// <summary>WRMSR of an MSR <see cref="OwnsMsr"/> claimed; false raises #GP(0).</summary>
    bool TryWriteMsr(uint index, ulong value);

    /// <summary>
    /// Takes a pending NMI if there is one and no earlier NMI's handler is still running; from then NMIs are blocked
    /// until <see cref="EndNmi"/> (SDM vol. 3A 6.7.1).
    /// </summary>
    bool TakeNmi();

    /// <summary>Whether the processor waits for a start-up IPI and runs nothing (an application processor before SIPI).</summary>
    bool WaitsForStartup { get; }

    /// <summary>Called on every IRET: an NMI handler that was running has returned, so the next NMI may be taken.</summary>
    void EndNmi();

    /// <summary>
    /// A register window only this processor sees, at a guest-physical address of its own choosing (a local APIC that
    /// IA32_APIC_BASE moved), looked up before the MMIO bus; null when there is none.
    /// </summary>
    (ulong Start, IIoDevice Device)? OwnWindow => null;
}
