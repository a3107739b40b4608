namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// The built-in CPUID answers, used when CPUID is not trapped (or the handler emulates it): vendor
    /// "HvDslVirtual" and only the features the interpreter implements (no FPU, no SSE).
    /// </summary>
    private static (uint Eax, uint Ebx, uint Ecx, uint Edx) BuiltInCpuid(uint leaf) => leaf switch
    {
        // EBX "HvDs", EDX "lVir", ECX "tual".
        0 => (1, 0x73447648, 0x6C617574, 0x7269566C),
        // Family 6; EDX: PSE, TSC, MSR, PAE, CX8, CMOV; ECX: CMPXCHG16B, POPCNT.
        1 => (0x0000_0600, 0, (1u << 13) | (1u << 23), (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 8) | (1u << 15)),
        0x8000_0000 => (0x8000_0001, 0, 0, 0),
        // ECX: LAHF/SAHF in 64-bit mode, LZCNT; EDX: SYSCALL, NX, long mode.
        0x8000_0001 => (0, 0, (1u << 0) | (1u << 5), (1u << 11) | (1u << 20) | (1u << 29)),
        _ => (0, 0, 0, 0),
    };
}
