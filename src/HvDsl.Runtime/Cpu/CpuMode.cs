namespace HvDsl.Runtime.Cpu;

/// <summary>The processor's operating mode, derived from CR0.PE, EFER.LMA and CS.L.</summary>
public enum CpuMode : byte
{
    /// <summary>Real-address mode (CR0.PE = 0).</summary>
    Real,
    /// <summary>Protected mode, 16- or 32-bit code.</summary>
    Protected,
    /// <summary>Long mode, compatibility sub-mode (CS.L = 0).</summary>
    Compatibility,
    /// <summary>Long mode, 64-bit code.</summary>
    Long64,
}
