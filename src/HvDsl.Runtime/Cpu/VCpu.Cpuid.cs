namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// The built-in CPUID answers, used when CPUID is not trapped (or the handler emulates it): vendor
    /// "HvDslVirtual" and only the features the interpreter implements (CpuidTruth holds it to that).
    /// </summary>
    internal static (uint Eax, uint Ebx, uint Ecx, uint Edx) BuiltInCpuid(uint leaf, uint subleaf) => (leaf, subleaf) switch
    {
        // EBX "HvDs", EDX "lVir", ECX "tual".
        (0, _) => (7, 0x73447648, 0x6C617574, 0x7269566C),
        // Family 6; EBX[15:8]: 64-byte CLFLUSH lines; EDX: FPU, DE, PSE, TSC, MSR, PAE, CX8, CMOV, CLFSH, MMX, FXSR, SSE, SSE2; ECX: CMPXCHG16B, POPCNT.
        (1, _) => (0x0000_0600, 8 << 8, (1u << 13) | (1u << 23), (1u << 0) | (1u << 24) | (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8) | (1u << 15) | (1u << 19) | (1u << 23) | (1u << 25) | (1u << 26)),
        // Subleaf 0, the only one: EBX CLFLUSHOPT, CLWB; ECX RDPID.
        (7, 0) => (0, (1u << 23) | (1u << 24), 1u << 22, 0),
        (0x8000_0000, _) => (0x8000_0001, 0, 0, 0),
        // ECX: LAHF/SAHF in 64-bit mode, LZCNT; EDX: SYSCALL, NX, RDTSCP, long mode.
        (0x8000_0001, _) => (0, 0, (1u << 0) | (1u << 5), (1u << 11) | (1u << 20) | (1u << 27) | (1u << 29)),
        _ => (0, 0, 0, 0),
    };
}
