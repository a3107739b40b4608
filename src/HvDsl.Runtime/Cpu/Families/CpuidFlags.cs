using Iced.Intel;
using static HvDsl.Runtime.Cpu.Families.CpuidRegister;

namespace HvDsl.Runtime.Cpu.Families;

/// <summary>The feature flags of CPUID leaves 01H, 07H/0 and 80000001H the runtime knows (Intel SDM vol. 2A, CPUID, tables 3-10 and 3-11).</summary>
internal static class CpuidFlags
{
    /// <summary>The leaves and subleaves that hold feature flags.</summary>
    public static readonly (uint Leaf, uint Subleaf)[] FeatureLeaves = [(1, 0), (7, 0), (0x8000_0001, 0)];

    /// <summary>Every flag: an instruction-set flag names Iced's features, an architectural flag the runtime part that implements it.</summary>
    public static readonly CpuidFlag[] All =
    [
        new("FPU", 1, 0, Edx, 0, [CpuidFeature.FPU, CpuidFeature.FPU287, CpuidFeature.FPU387]),
        new("DE", 1, 0, Edx, 2, [], "CR4.DE: DR4 and DR5 raise #UD instead of naming DR6 and DR7"),
        new("PSE", 1, 0, Edx, 3, [], "paging: 4 MiB pages under CR4.PSE"),
        new("TSC", 1, 0, Edx, 4, [CpuidFeature.TSC]),
        new("MSR", 1, 0, Edx, 5, [CpuidFeature.MSR]),
        new("PAE", 1, 0, Edx, 6, [], "paging: PAE and 4-level tables"),
        new("MCE", 1, 0, Edx, 7, [], "CR4.MCE; the vCPU never raises a machine check"),
        new("CX8", 1, 0, Edx, 8, [CpuidFeature.CX8]),
        new("APIC", 1, 0, Edx, 9, [], "the machine's local APIC (the PC machine's OnCpuid clears the bit while IA32_APIC_BASE disables it)"),
        new("SEP", 1, 0, Edx, 11, [CpuidFeature.SEP]),
        new("PGE", 1, 0, Edx, 13, [], "paging: CR4.PGE global pages"),
        new("MCA", 1, 0, Edx, 14, [], "IA32_MCG_CAP, IA32_MCG_STATUS and the banks MCG_CAP counts, MSRs the machine provides"),
        new("CMOV", 1, 0, Edx, 15, [CpuidFeature.CMOV]),
        new("PAT", 1, 0, Edx, 16, [], "IA32_PAT, an MSR the machine stores (memory types have no effect on RAM)"),
        new("CLFSH", 1, 0, Edx, 19, [CpuidFeature.CLFSH]),
        new("MMX", 1, 0, Edx, 23, [CpuidFeature.MMX]),
        new("FXSR", 1, 0, Edx, 24, [CpuidFeature.FXSR]),
        new("SSE", 1, 0, Edx, 25, [CpuidFeature.SSE]),
        new("SSE2", 1, 0, Edx, 26, [CpuidFeature.SSE2]),
        new("SSE3", 1, 0, Ecx, 0, [CpuidFeature.SSE3]),
        new("SSSE3", 1, 0, Ecx, 9, [CpuidFeature.SSSE3]),
        new("CMPXCHG16B", 1, 0, Ecx, 13, [CpuidFeature.CMPXCHG16B]),
        new("SSE4_1", 1, 0, Ecx, 19, [CpuidFeature.SSE4_1]),
        new("SSE4_2", 1, 0, Ecx, 20, [CpuidFeature.SSE4_2]),
        new("x2APIC", 1, 0, Ecx, 21, [], "the local APIC's x2APIC mode: its registers as MSRs 800H.."),
        new("MOVBE", 1, 0, Ecx, 22, [CpuidFeature.MOVBE]),
        new("POPCNT", 1, 0, Ecx, 23, [CpuidFeature.POPCNT]),
        new("TSC-Deadline", 1, 0, Ecx, 24, [], "the local APIC timer's TSC-deadline mode"),
        new("XSAVE", 1, 0, Ecx, 26, [CpuidFeature.XSAVE]),
        new("Hypervisor", 1, 0, Ecx, 31, [], "the hypervisor leaves 40000000H.. the CPUID table answers"),
        new("FSGSBASE", 7, 0, Ebx, 0, [CpuidFeature.FSGSBASE]),
        new("BMI1", 7, 0, Ebx, 3, [CpuidFeature.BMI1]),
        new("BMI2", 7, 0, Ebx, 8, [CpuidFeature.BMI2]),
        new("CLFLUSHOPT", 7, 0, Ebx, 23, [CpuidFeature.CLFLUSHOPT]),
        new("CLWB", 7, 0, Ebx, 24, [CpuidFeature.CLWB]),
        new("RDPID", 7, 0, Ecx, 22, [CpuidFeature.RDPID]),
        new("ARCH_CAPABILITIES", 7, 0, Edx, 29, [], "IA32_ARCH_CAPABILITIES, an MSR the machine provides"),
        new("LAHF-SAHF", 0x8000_0001, 0, Ecx, 0, [], "LAHF and SAHF, which the integer family runs in 64-bit mode too"),
        new("LZCNT", 0x8000_0001, 0, Ecx, 5, [CpuidFeature.LZCNT]),
        new("PREFETCHW", 0x8000_0001, 0, Ecx, 8, [CpuidFeature.PREFETCHW]),
        new("SYSCALL", 0x8000_0001, 0, Edx, 11, [CpuidFeature.SYSCALL]),
        new("NX", 0x8000_0001, 0, Edx, 20, [], "paging: the XD bit under IA32_EFER.NXE"),
        new("RDTSCP", 0x8000_0001, 0, Edx, 27, [CpuidFeature.RDTSCP]),
        new("LM", 0x8000_0001, 0, Edx, 29, [CpuidFeature.X64]),
    ];
}
