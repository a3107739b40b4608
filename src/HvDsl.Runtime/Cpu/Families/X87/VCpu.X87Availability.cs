namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private const ulong Cr0Mp = 1 << 1, Cr0Em = 1 << 2, Cr0Ts = 1 << 3, Cr0Ne = 1 << 5;
    private const ulong Cr4Osfxsr = 1 << 9;
    private const byte VectorNm = 7, VectorMf = 16;

    /// <summary>The x87 status word's exception summary (ES, bit 7) and busy (B, bit 15) bits.</summary>
    private const ushort FswEs = 1 << 7, FswBusy = 1 << 15;

    /// <summary>
    /// The checks every x87 instruction makes before it runs: #NM with CR0.EM or CR0.TS (lazy FPU switching); then, for a
    /// waiting instruction (<paramref name="waiting"/>), #MF when an unmasked exception is pending and CR0.NE is set.
    /// With CR0.NE clear the PC's FERR# path would raise IRQ 13; no device here wires FERR#, so the instruction proceeds.
    /// </summary>
    private bool X87Available(bool waiting)
    {
        if ((_state.Cr0 & (Cr0Em | Cr0Ts)) != 0)
            return Fault(VectorNm);
        return !waiting || X87NoPendingException();
    }

    /// <summary>#MF (under CR0.NE) when the status word holds an exception its control word leaves unmasked.</summary>
    private bool X87NoPendingException()
    {
        if ((_state.Fsw & FswEs) != 0 && (_state.Cr0 & Cr0Ne) != 0)
            return Fault(VectorMf);
        return true;
    }

    /// <summary>Recomputes ES and B from the flags and masks: both are set while an unmasked exception flag is.</summary>
    private void X87UpdateSummary()
    {
        var unmasked = _state.Fsw & ~_state.Fcw & 0x3F;
        _state.Fsw = unmasked != 0 ? (ushort)(_state.Fsw | FswEs | FswBusy) : (ushort)(_state.Fsw & ~(FswEs | FswBusy));
    }
}
