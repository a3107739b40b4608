using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Machines.Pc;

/// <summary>The trap actions <c>specs/cpu/x86-traps.hvspec</c> leaves to the machine.</summary>
public sealed partial class X86TrapHandler
{
    private const ulong Cr4TimeStampDisable = 1UL << 2;
    private const uint CpuidApicPresent = 1u << 9;
    private const uint TopologyLeaf = 0xB, CoreLevel = 1;

    /// <summary>
    /// CPUID: the Cpuid table's answer, with leaf 1 made this processor's own (SDM vol. 2A, CPUID leaf 1): EBX[31:24] its initial
    /// APIC ID and EDX bit 9 set only while IA32_APIC_BASE enables its local APIC; and leaf 0BH (extended topology) with EDX its
    /// x2APIC ID, the core level's shift and count from the machine's processors, and the subleaf echoed past the last level.
    /// </summary>
    private partial ExitAction OnCpuid(IGuestCpu cpu, in VmExit exit)
    {
        var leaf = (uint)cpu.GetRegister(Register.EAX);
        var (eax, ebx, ecx, edx) = CpuidTable.Query(leaf, (uint)cpu.GetRegister(Register.ECX));
        if (leaf == 1 && cpu is VCpu { LocalInterrupts: LocalApic apic })
        {
            ebx = (ebx & 0x00FF_FFFF) | (apic.InitialId << 24);
            edx = apic.GloballyEnabled ? edx | CpuidApicPresent : edx & ~CpuidApicPresent;
        }
        if (leaf == TopologyLeaf && cpu is VCpu { LocalInterrupts: LocalApic topologyApic })
            (eax, ebx, ecx, edx) = Topology((uint)cpu.GetRegister(Register.ECX), topologyApic, (eax, ebx, ecx));
        // 32-bit register writes zero the upper halves, as CPUID does in 64-bit mode.
        cpu.SetRegister(Register.EAX, eax);
        cpu.SetRegister(Register.EBX, ebx);
        cpu.SetRegister(Register.ECX, ecx);
        cpu.SetRegister(Register.EDX, edx);
        return ExitAction.Resume;
    }

    // One thread per core, every processor a core of one package: shifting the x2APIC ID by the core level's EAX leaves the package (0).
    private static (uint, uint, uint, uint) Topology(uint subleaf, LocalApic apic, (uint Eax, uint Ebx, uint Ecx) level)
    {
        var processors = (uint)apic.Bus.Count;
        if (subleaf == CoreLevel)
            return (processors <= 1 ? 0u : (uint)System.Numerics.BitOperations.Log2(processors - 1) + 1, processors, level.Ecx, apic.X2ApicId);
        return subleaf > CoreLevel ? (0, 0, subleaf & 0xFF, apic.X2ApicId) : (level.Eax, level.Ebx, level.Ecx, apic.X2ApicId);
    }

    /// <summary>
    /// RDTSC/RDTSCP: the vCPU's time-stamp counter, which counts the machine clock's nanoseconds (a 1 GHz TSC), so a deterministic
    /// clock gives a deterministic guest; CR4.TSD restricts it to CPL 0; RDTSCP also returns IA32_TSC_AUX in ECX.
    /// </summary>
    private partial ExitAction OnTimeStamp(IGuestCpu cpu, in VmExit exit)
    {
        if (cpu.Cpl > 0 && (cpu.GetRegister(Register.CR4) & Cr4TimeStampDisable) != 0) return ExitAction.InjectException(13, 0);
        // The same counter RDMSR IA32_TSC reads through the Msrs table, so both instructions agree, even after WRMSR moves it.
        cpu.TryReadMsr(VCpu.Msrs.Tsc, out var tsc);
        cpu.SetRegister(Register.EAX, (uint)tsc);
        cpu.SetRegister(Register.EDX, tsc >> 32);
        if (exit.Instruction.Mnemonic == Mnemonic.Rdtscp && cpu.TryReadMsr(VCpu.Msrs.TscAux, out var aux)) cpu.SetRegister(Register.ECX, aux);
        return ExitAction.Resume;
    }
}
