using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using HvDsl.Cli.Serving;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Machines;
using HvDsl.Runtime.Serial;

namespace HvDsl.Cli.Running;

/// <summary>
/// The machine of one <c>hvdsl run</c> or <c>hvdsl resume</c> (the reference PC or a user's board), with its services and exit monitor: the caller puts
/// the guest in (an image or a snapshot), then runs it to a save point or to its end.
/// </summary>
internal sealed class GuestSession : IDisposable
{
    private const ulong InterruptFlag = 1 << 9;

    /// <summary>Instructions the guest runs between looks at Ctrl+C and the progress line.</summary>
    private const ulong Slice = 1 << 20;

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly IDisposable? _services;
    private readonly RunMonitor _monitor;
    private readonly Stopwatch _watch = new();
    private readonly string _command;
    private readonly GuestConsoles _consoles;
    private readonly StopSignal _signal = new();
    private readonly RunProgress? _progress;
    private readonly TcpSerialLine? _com2;
    private ulong? _startCount;

    /// <summary>
    /// Builds <paramref name="machine"/> (the PC when null) for <paramref name="command"/> (which prefixes its messages); its serial port and debug console write to
    /// <paramref name="consoles"/> (which the session disposes), traces and the report go to <paramref name="stderr"/>, and <paramref name="input"/> to its serial port;
    /// the machine has <paramref name="cpus"/> vCPUs, its second serial port leads to <paramref name="com2"/> (a TCP service) and its RTC starts at <paramref name="clockStart"/>;
    /// its vCPUs translate hot code when <paramref name="translate"/> is set.
    /// </summary>
    public GuestSession(string command, ulong memoryBytes, Stream? input, GuestConsoles consoles, bool trace, bool progress, TextWriter stdout, TextWriter stderr, int cpus = 1, GuestMachine? machine = null,
        DnsEndPoint? com2 = null, DateTime? clockStart = null, bool translate = true)
    {
        _command = command;
        _stdout = stdout;
        _stderr = stderr;
        _consoles = consoles;
        var log = trace ? TextWriter.Synchronized(stderr).WriteLine : (Action<string>?)null;
        if (com2 is not null) _com2 = new TcpSerialLine(com2.Host, com2.Port) { Log = log is null ? null : line => log($"hvdsl {command}: COM2 {line}") };
        Machine = (machine ?? GuestMachine.Pc).Create(new MachineOptions
        {
            Console = consoles.Debug, Serial = consoles.Serial, Input = input, Serial2 = _com2, ClockStart = clockStart, MemoryBytes = memoryBytes, Cpus = cpus,
        });
        Machine.Vm.Translate = translate;
        _services = Machine.StartServices(log);
        _monitor = new RunMonitor(Machine.Vm, trace ? stderr : null);
        Machine.Vm.TrapHandler = _monitor;
        _progress = progress ? new RunProgress(stderr) : null;
        // A guest between exits stops at the end of its slice; one making exits stops after the next.
        _signal.Stop.Register(() => Machine.Vm.RequestStop("stopped by Ctrl+C"));
        _signal.StopNow.Register(() => Environment.Exit(ExitStatus.Interrupted));
    }

    /// <summary>Whether Ctrl+C (SIGINT) or SIGTERM has stopped the guest.</summary>
    public bool Interrupted => _signal.Stop.IsCancellationRequested;

    /// <summary>The machine, for loading an image or restoring a snapshot before the first <see cref="Run"/>.</summary>
    public IMachine Machine { get; }

    /// <summary>Runs the guest for at most <paramref name="maxInstructions"/> and returns the exit that stopped it.</summary>
    public VmExit Run(ulong maxInstructions) => Drive(() => RunSlices(maxInstructions));

    /// <summary>Runs <paramref name="body"/>, which runs the guest its own way (gdb's stub), on the clock and count the report gives.</summary>
    public T Drive<T>(Func<T> body)
    {
        // The report counts this session's instructions, not those a restored snapshot already ran.
        _startCount ??= Machine.Vm.InstructionCount;
        _watch.Start();
        try
        {
            return body();
        }
        finally
        {
            _watch.Stop();
            _progress?.Clear();
            _stdout.Flush();
        }
    }

    /// <summary>Runs in slices of <see cref="Slice"/> instructions (a budget stop resumes exactly), between them showing progress and looking for Ctrl+C.</summary>
    private VmExit RunSlices(ulong maxInstructions)
    {
        var spent = 0UL;
        while (true)
        {
            var step = Math.Min(Slice, maxInstructions - spent);
            var end = Machine.Vm.Run(step);
            // A budget stop spent the whole step: every vCPU's instructions and the ticks of an all-halted wait.
            spent += step;
            if (end.Reason != ExitReason.InstructionLimit || spent >= maxInstructions || Interrupted) return end;
            _progress?.Show(Machine.Vm.InstructionCount - (_startCount ?? 0), Sum(_monitor.Counts), _watch.Elapsed);
        }
    }

    private static long Sum(ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var count in counts) total += count;
        return total;
    }

    /// <summary>Says why the run ended (when it is not a clean end), writes the report and returns the exit status.</summary>
    public int Finish(in VmExit end)
    {
        if (end.Reason is ExitReason.Shutdown or ExitReason.InternalError || end.IsEndlessHalt || (end.Reason == ExitReason.InstructionLimit && !Interrupted)) _monitor.Count(end);
        var status = Status(end, out var reason);
        if (reason is not null) _stderr.WriteLine($"hvdsl {_command}: {reason} (guest RIP 0x{Machine.Vm.Cpu.Rip:X})");
        Report();
        return status;
    }

    /// <summary>Writes the exit table and instruction count.</summary>
    public void Report() => RunReport.Write(_stderr, _monitor.Counts, Machine.Vm.InstructionCount - (_startCount ?? 0), _watch.Elapsed, Machine.Vm);

    /// <summary>Runs the guest to its end within <paramref name="maxInstructions"/>, reports, and returns the exit status.</summary>
    public int RunToEnd(ulong maxInstructions) => Finish(Run(maxInstructions));

    /// <inheritdoc />
    public void Dispose()
    {
        _signal.Dispose();
        _services?.Dispose();
        Machine.Dispose();
        _com2?.Dispose();
        _consoles.Dispose();
    }

    /// <summary>The exit status for the exit that ended the run, and the reason to print when it is not a clean end.</summary>
    internal int Status(in VmExit end, out string? reason)
    {
        reason = null;
        if (Machine.ExitStatus is { } requested) return requested;
        if (Interrupted)
        {
            reason = "stopped by Ctrl+C";
            return ExitStatus.Interrupted;
        }
        if (Machine.RebootRequested)
        {
            reason = end.Message;
            return ExitStatus.Reboot;
        }
        switch (end.Reason)
        {
            case ExitReason.Halt when end.Instruction.Length > 0 && (Machine.Vm.Cpu.RFlags & InterruptFlag) == 0:
                return ExitStatus.Halted;
            case ExitReason.InstructionLimit:
                reason = "instruction budget spent";
                return ExitStatus.BudgetSpent;
            case ExitReason.InternalError:
                reason = $"internal error in the runtime: {end.Message}";
                return ExitStatus.Internal;
            case ExitReason.Shutdown:
                reason = $"triple fault, the machine shut down: {end.Message}";
                return ExitStatus.Fault;
            default:
                reason = end.Message ?? $"stopped on {end.Reason}";
                return ExitStatus.Fault;
        }
    }
}
