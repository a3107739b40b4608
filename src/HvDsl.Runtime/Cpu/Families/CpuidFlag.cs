using Iced.Intel;

namespace HvDsl.Runtime.Cpu.Families;

/// <summary>A CPUID output register.</summary>
internal enum CpuidRegister { Ebx, Ecx, Edx }

/// <summary>
/// A CPUID feature flag: its leaf, subleaf, register and bit (Intel SDM vol. 2A, CPUID), and what it advertises: the
/// instructions Iced tags with <see cref="Instructions"/>, or, for a flag no instruction carries, the part of the runtime
/// that implements it (<see cref="Implementation"/>).
/// </summary>
internal sealed record CpuidFlag(string Name, uint Leaf, uint Subleaf, CpuidRegister Register, int Bit, CpuidFeature[] Instructions, string? Implementation = null)
{
    /// <summary>The flag as the SDM writes it, e.g. CPUID.01H:EDX.SSE[25].</summary>
    public override string ToString() => Leaf == 7 ? $"CPUID.(EAX=07H,ECX={Subleaf}):{Register.ToString().ToUpperInvariant()}.{Name}[{Bit}]"
        : $"CPUID.{Leaf:X2}H:{Register.ToString().ToUpperInvariant()}.{Name}[{Bit}]";
}
