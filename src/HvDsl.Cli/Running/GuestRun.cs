using System.Diagnostics;
using System.IO;
using HvDsl.Machines.Pc;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Running;

/// <summary>One guest run on the reference PC: load, boot, run to the end, say why it ended and what the hypervisor did.</summary>
internal static class GuestRun
{
    private const ulong InterruptFlag = 1 << 9;

    /// <summary>Runs <paramref name="settings"/>; guest console output goes to <paramref name="stdout"/>, the report to <paramref name="stderr"/>.</summary>
    public static int Run(RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        using var machine = new PcMachine(new PcMachineOptions { Console = new ConsoleStream(stdout), MemoryBytes = settings.MemoryBytes });
        var vm = machine.Vm;
        using var services = new GuestServices(machine, settings.Trace ? stderr : null);
        vm.Memory.Load(settings.LoadAddress, settings.Image);
        GuestBoot.Start(vm, settings.Mode, settings.Entry);
        var monitor = new RunMonitor(vm.TrapHandler!, settings.Trace ? stderr : null);
        vm.TrapHandler = monitor;

        var watch = Stopwatch.StartNew();
        var end = vm.Run(settings.MaxInstructions);
        watch.Stop();
        stdout.Flush();
        if (end.Reason is ExitReason.Shutdown or ExitReason.InstructionLimit or ExitReason.InternalError) monitor.Count(end);

        var status = Status(machine, end, out var reason);
        if (reason is not null) stderr.WriteLine($"hvdsl run: {reason} (guest RIP 0x{vm.Cpu.Rip:X})");
        RunReport.Write(stderr, monitor.Counts, vm.InstructionCount, watch.Elapsed);
        return status;
    }

    /// <summary>The exit status for the exit that ended the run, and the reason to print when it is not a clean end.</summary>
    private static int Status(PcMachine machine, in VmExit end, out string? reason)
    {
        reason = null;
        if (machine.ExitStatus is { } requested) return requested;
        switch (end.Reason)
        {
            case ExitReason.Halt when end.Instruction.Length > 0 && (machine.Vm.Cpu.RFlags & InterruptFlag) == 0:
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
