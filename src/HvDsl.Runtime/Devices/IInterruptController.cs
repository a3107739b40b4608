namespace HvDsl.Runtime.Devices;

/// <summary>
/// The interrupt controller the vCPU consults (a PIC pair on a PC). Lines report their level to
/// it; the vCPU asks it for a vector only when the guest has interrupts enabled (IF = 1).
/// </summary>
public interface IInterruptController
{
    /// <summary>Called by an interrupt line whenever its level changes.</summary>
    void SetLevel(int line, bool high);

    /// <summary>Whether an unmasked interrupt is waiting; cheap, polled at block boundaries.</summary>
    bool HasPending { get; }

    /// <summary>Acknowledges the highest-priority pending interrupt and returns its vector, or -1 if none.</summary>
    int Acknowledge();
}
