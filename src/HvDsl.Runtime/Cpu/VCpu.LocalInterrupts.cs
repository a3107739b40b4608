using HvDsl.Runtime.Devices;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>This processor's own interrupt controller (its local APIC), or null to poll <see cref="Vm.InterruptController"/> directly.</summary>
    public ILocalInterruptController? LocalInterrupts { get; set; }

    /// <summary>Where maskable interrupts come from: the local controller if there is one, else the VM's.</summary>
    private IInterruptController? InterruptSource => LocalInterrupts ?? Vm.InterruptController;

    // CR8 is the local APIC's task priority when there is one (SDM vol. 3A 11.8.6).
    private ulong Cr8 => LocalInterrupts?.TaskPriorityClass ?? _state.Cr8;

    private void SetCr8(ulong value)
    {
        _state.Cr8 = value;
        if (LocalInterrupts is { } local) local.TaskPriorityClass = value;
    }

    /// <summary>Delivers an NMI the local controller holds, regardless of IF: Next when there is none to take, else how delivery ended.</summary>
    private StepOutcome DeliverNmi()
    {
        if (LocalInterrupts is not { } local || !local.TakeNmi())
            return StepOutcome.Next;
        Statistics.Interrupts++;
        return DeliverEvent(2, false, 0, _state.Rip, EventKind.External);
    }

    private bool OwnsLocalMsr(uint index) => LocalInterrupts?.OwnsMsr(index) == true;
}
