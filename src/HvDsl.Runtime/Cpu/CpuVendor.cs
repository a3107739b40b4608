namespace HvDsl.Runtime.Cpu;

/// <summary>Whose processor the vCPU behaves as where Intel's and AMD's manuals differ (its CPUID vendor says which).</summary>
public enum CpuVendor : byte
{
    /// <summary>Intel 64 (SDM): SYSCALL and SYSRET are #UD outside 64-bit mode.</summary>
    Intel,
    /// <summary>AMD64 (APM vol. 3): SYSCALL and SYSRET also run in compatibility mode.</summary>
    Amd,
}
