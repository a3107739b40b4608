using HvDsl.Runtime.Cpu;

namespace HvDsl.Machines.Pc;

/// <summary>The processor vendor the Cpuid table names in leaf 0, which the vCPUs follow where Intel and AMD differ.</summary>
internal static class CpuidVendor
{
    // "AuthenticAMD" in EBX, EDX, ECX order.
    private const uint AuthEbx = 0x68747541, EntiEdx = 0x69746E65, CamdEcx = 0x444D4163;

    /// <summary>AMD when leaf 0 says "AuthenticAMD", Intel for any other vendor.</summary>
    public static CpuVendor OfTable()
    {
        var (_, ebx, ecx, edx) = CpuidTable.Query(0, 0);
        return ebx == AuthEbx && edx == EntiEdx && ecx == CamdEcx ? CpuVendor.Amd : CpuVendor.Intel;
    }
}
