using System;
using System.IO;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Running;

/// <summary>
/// Sits in front of the machine's trap handler for one run: counts exits by reason, traces them on request, lets a
/// HLT with interrupts enabled wait for the next interrupt, and gives the vCPU the MSRs it implements itself.
/// </summary>
internal sealed class RunMonitor(ITrapHandler machine, VCpu vcpu, TextWriter? trace) : ITrapHandler
{
    private const ulong InterruptFlag = 1 << 9;

    private readonly long[] _counts = new long[Enum.GetValues<ExitReason>().Length];

    /// <summary>Exits seen so far, indexed by <see cref="ExitReason"/>.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Counts an exit that ended the run without reaching a handler (shutdown, budget).</summary>
    public void Count(in VmExit exit) => _counts[(int)exit.Reason]++;

    /// <inheritdoc />
    public ExitAction Handle(IGuestCpu cpu, in VmExit exit)
    {
        _counts[(int)exit.Reason]++;
        trace?.WriteLine($"exit {exit.Reason,-16} rip=0x{exit.Instruction.IP:X} {ExitText.Qualification(exit)}");
        switch (exit.Reason)
        {
            // A halted vCPU with nothing to wake it comes back without an instruction: that run can never go on.
            case ExitReason.Halt when exit.Instruction.Length == 0:
                return ExitAction.Stop("guest halted with interrupts enabled and nothing left to wake it");
            // HLT with IF = 1 waits for the next interrupt (a timer tick); only HLT with IF = 0 ends the run.
            case ExitReason.Halt when (vcpu.RFlags & InterruptFlag) != 0:
                return ExitAction.Emulate;
            // EFER, STAR, LSTAR, FS/GS base and friends change how the vCPU itself behaves, so it must hold them.
            case ExitReason.MsrRead or ExitReason.MsrWrite when vcpu.TryReadMsr(exit.Msr, out _):
                return ExitAction.Emulate;
            default:
                return machine.Handle(cpu, exit);
        }
    }
}
