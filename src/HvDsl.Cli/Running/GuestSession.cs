using System;
using System.Diagnostics;
using System.IO;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Running;

/// <summary>
/// The reference PC of one <c>hvdsl run</c> or <c>hvdsl resume</c>, with its services and exit monitor: the caller puts
/// the guest in (an image or a snapshot), then runs it to a save point or to its end.
/// </summary>
internal sealed class GuestSession : IDisposable
{
    private const ulong InterruptFlag = 1 << 9;

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly GuestServices _services;
    private readonly RunMonitor _monitor;
    private readonly Stopwatch _watch = new();
    private readonly string _command;
    private ulong? _startCount;

    /// <summary>
    /// Builds the PC for <paramref name="command"/> (which prefixes its messages); guest console output goes to
    /// <paramref name="stdout"/>, traces and the report to <paramref name="stderr"/>, and <paramref name="input"/> to COM1;
    /// the PC has <paramref name="cpus"/> vCPUs.
    /// </summary>
    public GuestSession(string command, ulong memoryBytes, Stream? input, bool trace, TextWriter stdout, TextWriter stderr, int cpus = 1)
    {
        _command = command;
        _stdout = stdout;
        _stderr = stderr;
        Machine = new PcMachine(new PcMachineOptions { Console = new ConsoleStream(stdout), Input = input, MemoryBytes = memoryBytes, Cpus = cpus });
        _services = new GuestServices(Machine, trace ? stderr : null);
        _monitor = new RunMonitor(Machine.Vm.TrapHandler!, trace ? stderr : null);
        Machine.Vm.TrapHandler = _monitor;
    }

    /// <summary>The machine, for loading an image or restoring a snapshot before the first <see cref="Run"/>.</summary>
    public PcMachine Machine { get; }

    /// <summary>Runs the guest for at most <paramref name="maxInstructions"/> and returns the exit that stopped it.</summary>
    public VmExit Run(ulong maxInstructions)
    {
        // The report counts this session's instructions, not those a restored snapshot already ran.
        _startCount ??= Machine.Vm.InstructionCount;
        _watch.Start();
        var end = Machine.Vm.Run(maxInstructions);
        _watch.Stop();
        _stdout.Flush();
        return end;
    }

    /// <summary>Says why the run ended (when it is not a clean end), writes the report and returns the exit status.</summary>
    public int Finish(in VmExit end)
    {
        if (end.Reason is ExitReason.Shutdown or ExitReason.InstructionLimit or ExitReason.InternalError || end.IsEndlessHalt) _monitor.Count(end);
        var status = Status(end, out var reason);
        if (reason is not null) _stderr.WriteLine($"hvdsl {_command}: {reason} (guest RIP 0x{Machine.Vm.Cpu.Rip:X})");
        RunReport.Write(_stderr, _monitor.Counts, Machine.Vm.InstructionCount - (_startCount ?? 0), _watch.Elapsed);
        return status;
    }

    /// <summary>Runs the guest to its end within <paramref name="maxInstructions"/>, reports, and returns the exit status.</summary>
    public int RunToEnd(ulong maxInstructions) => Finish(Run(maxInstructions));

    /// <inheritdoc />
    public void Dispose()
    {
        _services.Dispose();
        Machine.Dispose();
    }

    /// <summary>The exit status for the exit that ended the run, and the reason to print when it is not a clean end.</summary>
    private int Status(in VmExit end, out string? reason)
    {
        reason = null;
        if (Machine.ExitStatus is { } requested) return requested;
        if (Machine.RebootRequested)
        {
            reason = end.Message;
            return RunExitStatus.Reboot;
        }
        switch (end.Reason)
        {
            case ExitReason.Halt when end.Instruction.Length > 0 && (Machine.Vm.Cpu.RFlags & InterruptFlag) == 0:
                return RunExitStatus.Halted;
            case ExitReason.InstructionLimit:
                reason = "instruction budget spent";
                return RunExitStatus.BudgetSpent;
            case ExitReason.InternalError:
                reason = $"internal error in the runtime: {end.Message}";
                return RunExitStatus.Internal;
            case ExitReason.Shutdown:
                reason = $"triple fault, the machine shut down: {end.Message}";
                return RunExitStatus.Fault;
            default:
                reason = end.Message ?? $"stopped on {end.Reason}";
                return RunExitStatus.Fault;
        }
    }
}
