using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The system family (privileged codes raise #GP(0) above CPL 0 before their handler runs): HLT, interrupt flag, port I/O, CPUID, MSRs, TSC, cache lines, TLB, descriptor tables, CR0 words, segment checks (VERR/VERW/LAR/LSL), SYSCALL, SWAPGS.</summary>
    private static void RegisterSystem(InstructionTable table)
    {
        table.Family("system");
        table.AddPrivileged(&Hlt, Mnemonic.Hlt);
        table.Add(&CliSti, Mnemonic.Cli, Mnemonic.Sti);
        table.Add(&PortIo, Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd,
            Mnemonic.Outsb, Mnemonic.Outsw, Mnemonic.Outsd);
        table.Add(&Cpuid, Mnemonic.Cpuid);
        table.AddPrivileged(&Rdmsr, Mnemonic.Rdmsr);
        table.AddPrivileged(&Wrmsr, Mnemonic.Wrmsr);
        table.Add(&Rdtsc, Mnemonic.Rdtsc, Mnemonic.Rdtscp);
        table.Add(&Rdpid, Mnemonic.Rdpid);
        table.Add(&CacheLineFlush, Mnemonic.Clflush, Mnemonic.Clflushopt, Mnemonic.Clwb);
        table.AddPrivileged(&Invlpg, Mnemonic.Invlpg);
        table.AddPrivileged(&LoadTableRegister, Mnemonic.Lgdt, Mnemonic.Lidt);
        table.Add(&StoreTableRegister, Mnemonic.Sgdt, Mnemonic.Sidt);
        table.AddPrivileged(&LoadSystemSegment, Mnemonic.Lldt, Mnemonic.Ltr);
        table.Add(&StoreSystemSelector, Mnemonic.Sldt, Mnemonic.Str);
        table.Add(&Smsw, Mnemonic.Smsw);
        table.Add(&Verify, Mnemonic.Verr, Mnemonic.Verw);
        table.Add(&LoadSegmentInfo, Mnemonic.Lar, Mnemonic.Lsl);
        table.AddPrivileged(&Lmsw, Mnemonic.Lmsw);
        table.AddPrivileged(&Clts, Mnemonic.Clts);
        // No caches to write back or drop: only the privilege check remains.
        table.AddPrivileged(&NoOperation, Mnemonic.Wbinvd, Mnemonic.Invd);
        table.Add(&Syscall, Mnemonic.Syscall);
        table.Add(&Sysret, Mnemonic.Sysret, Mnemonic.Sysretq);
        table.AddPrivileged(&Swapgs, Mnemonic.Swapgs);
        // Without a hypervisor answering, as on hardware outside VMX non-root operation.
        table.Add(&Undefined, Mnemonic.Vmcall, Mnemonic.Vmmcall);
    }

    private static StepOutcome Hlt(VCpu cpu, ref Instruction ins) => cpu.ExecuteHlt();
    private static StepOutcome CliSti(VCpu cpu, ref Instruction ins) => cpu.ExecuteCliSti(ref ins);
    private static StepOutcome PortIo(VCpu cpu, ref Instruction ins) => cpu.ExecutePortIo(ref ins);
    private static StepOutcome Cpuid(VCpu cpu, ref Instruction ins) => cpu.ExecuteCpuid();
    private static StepOutcome Rdmsr(VCpu cpu, ref Instruction ins) => cpu.ExecuteRdmsr();
    private static StepOutcome Wrmsr(VCpu cpu, ref Instruction ins) => cpu.ExecuteWrmsr();
    private static StepOutcome Rdtsc(VCpu cpu, ref Instruction ins) => cpu.ExecuteRdtsc(ref ins);
    private static StepOutcome Rdpid(VCpu cpu, ref Instruction ins)
    {
        cpu.SetGpr(ins.Op0Register, cpu._state.TscAux);
        return StepOutcome.Next;
    }
    private static StepOutcome CacheLineFlush(VCpu cpu, ref Instruction ins) => cpu.ExecuteCacheLineFlush(ref ins);
    private static StepOutcome Invlpg(VCpu cpu, ref Instruction ins) => cpu.ExecuteInvlpg(ref ins);
    private static StepOutcome LoadTableRegister(VCpu cpu, ref Instruction ins) => cpu.ExecuteLoadTableRegister(ref ins);
    private static StepOutcome StoreTableRegister(VCpu cpu, ref Instruction ins) => cpu.ExecuteStoreTableRegister(ref ins);
    private static StepOutcome LoadSystemSegment(VCpu cpu, ref Instruction ins) => cpu.ExecuteLoadSystemSegment(ref ins);
    private static StepOutcome StoreSystemSelector(VCpu cpu, ref Instruction ins) => cpu.ExecuteStoreSystemSelector(ref ins);
    private static StepOutcome Smsw(VCpu cpu, ref Instruction ins) => cpu.ExecuteSmsw(ref ins);
    private static StepOutcome Verify(VCpu cpu, ref Instruction ins) => cpu.ExecuteVerify(ref ins);
    private static StepOutcome LoadSegmentInfo(VCpu cpu, ref Instruction ins) => cpu.ExecuteLoadSegmentInfo(ref ins);
    private static StepOutcome Lmsw(VCpu cpu, ref Instruction ins) => cpu.ExecuteLmsw(ref ins);
    private static StepOutcome Clts(VCpu cpu, ref Instruction ins) => cpu.ExecuteClts();
    private static StepOutcome Syscall(VCpu cpu, ref Instruction ins) => cpu.ExecuteSyscall();
    private static StepOutcome Sysret(VCpu cpu, ref Instruction ins) => cpu.ExecuteSysret(ref ins);
    private static StepOutcome Swapgs(VCpu cpu, ref Instruction ins) => cpu.ExecuteSwapgs();
}
