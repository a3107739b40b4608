namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// The checks every SSE instruction makes before it touches an operand (SDM vol. 3, 2.5 and 13.1): #UD with CR0.EM set
    /// or CR4.OSFXSR clear (the OS has not taken on FXSAVE state), then #NM with CR0.TS set (lazy FPU switching).
    /// </summary>
    internal bool SseAvailable()
    {
        if ((_state.Cr4 & Cr4Osfxsr) == 0 || (_state.Cr0 & Cr0Em) != 0)
            return Ud();
        return (_state.Cr0 & Cr0Ts) == 0 || Fault(VectorNm);
    }

    /// <summary>
    /// The checks every MMX instruction makes (SDM vol. 3, 12.5 and table 12-1): #UD with CR0.EM set, #NM with CR0.TS set,
    /// then #MF (under CR0.NE) while an unmasked x87 exception is pending, as for a waiting x87 instruction.
    /// </summary>
    internal bool MmxAvailable()
    {
        if ((_state.Cr0 & Cr0Em) != 0)
            return Ud();
        if ((_state.Cr0 & Cr0Ts) != 0)
            return Fault(VectorNm);
        return X87NoPendingException();
    }
}
