using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Machines.Pc;

/// <summary>The trap actions <c>specs/cpu/x86-traps.hvspec</c> leaves to the machine.</summary>
public sealed partial class X86TrapHandler
{
    private const ulong Cr4TimeStampDisable = 1UL << 2;

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
