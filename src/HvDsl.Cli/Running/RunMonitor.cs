using System;
using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Running;

/// <summary>
/// Sits in front of the machine's trap handler for one run (the VM's default actions for a machine without one): counts exits by reason and traces them on request.
/// </summary>
internal sealed class RunMonitor(Vm vm, TextWriter? trace) : ITrapHandler
{
    private readonly ITrapHandler? _machine = vm.TrapHandler;

    private readonly long[] _counts = new long[Enum.GetValues<ExitReason>().Length];

    /// <summary>Exits seen so far, indexed by <see cref="ExitReason"/>.</summary>
    public ReadOnlySpan<long> Counts => _counts;

    /// <summary>Counts an exit that ended the run without reaching a handler (shutdown, budget, a halt nothing can end).</summary>
    public void Count(in VmExit exit) => _counts[(int)exit.Reason]++;

    /// <inheritdoc />
    public ExitAction Handle(IGuestCpu cpu, in VmExit exit)
    {
        _counts[(int)exit.Reason]++;
        trace?.WriteLine($"exit {exit.Reason,-16} rip=0x{exit.Instruction.IP:X} {ExitText.Qualification(exit)}");
        return _machine is { } handler ? handler.Handle(cpu, exit) : vm.DefaultAction(cpu, exit);
    }
}
