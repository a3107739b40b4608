using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Machines.Pc;

/// <summary>The trap actions <c>specs/cpu/x86-traps.hvspec</c> leaves to the machine.</summary>
public sealed partial class X86TrapHandler
{
    private const ulong Cr4TimeStampDisable = 1UL << 2;

    // The vCPU applies the write with the architectural checks (#GP(0) for PG without PE, reserved bits),
    // switches modes and flushes its TLB, exactly as a VMM that lets hardware complete MOV CR after inspecting it.
    private partial ExitAction OnControlRegister(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;

    // The PC has no debug hardware: the vCPU reads DRn as zero and drops writes.
    private partial ExitAction OnDebugRegister(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;

    // The vCPU's TLB is the only translation cache there is, and it flushes the page itself.
    private partial ExitAction OnInvalidatePage(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;

    // Descriptor-table registers live in the vCPU, which loads them from guest memory with the usual faults.
    private partial ExitAction OnDescriptorTable(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;

    // IF lives in the vCPU's RFLAGS, which also applies the IOPL check and the STI interrupt shadow.
    private partial ExitAction OnInterruptFlag(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;

    // STAR/LSTAR/FMASK are applied by the vCPU, which owns the segment state SYSCALL changes.
    private partial ExitAction OnSyscall(IGuestCpu cpu, in VmExit exit) => ExitAction.Emulate;

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
