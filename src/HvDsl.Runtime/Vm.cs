using System;
using System.Collections.Generic;
using System.Threading;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Devices;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Memory;
using Iced.Intel;

namespace HvDsl.Runtime;

/// <summary>
/// A virtual machine: guest-physical memory, port and MMIO buses, interrupt lines and controller,
/// a clock with timers, vCPUs, and the run loop that hands exits to the trap handler.
/// </summary>
public sealed partial class Vm : IDisposable
{
    private readonly List<VCpu> _cpus = [];
    private readonly InterruptLine?[] _lines = new InterruptLine?[256];
    private readonly List<(ulong Deadline, Action Callback, object? Slot)> _timers = [];
    private string? _stopRequest;

    /// <summary>Creates a VM with <paramref name="ramBytes"/> of RAM at guest-physical 0 and <paramref name="cpuCount"/> vCPUs.</summary>
    public Vm(ulong ramBytes, int cpuCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuCount, 1);
        Clock = new VirtualClock(this);
        if (ramBytes > 0)
            Memory.AddRam(0, ramBytes);
        for (var i = 0; i < cpuCount; i++)
            _cpus.Add(new VCpu(this, i));
        CurrentCpu = _cpus[0];
    }

    /// <summary>Creates a VM with <paramref name="mebibytes"/> MiB of RAM and one vCPU.</summary>
    public static Vm WithMemory(int mebibytes) => new((ulong)mebibytes << 20);

    /// <summary>Guest-physical memory.</summary>
    public PhysicalMemory Memory { get; } = new();

    /// <summary>The port-I/O bus.</summary>
    public PortIoBus PortIo { get; } = new();

    /// <summary>The MMIO bus, consulted for accesses that miss RAM and ROM.</summary>
    public MmioBus Mmio { get; } = new();

    /// <summary>The interrupt controller the vCPUs poll when IF = 1 (a PIC, or a test's stand-in).</summary>
    public IInterruptController? InterruptController { get; set; }

    /// <summary>The clock timer devices read; a deterministic <see cref="VirtualClock"/> unless replaced.</summary>
    public IClock Clock { get; set; }

    /// <summary>Which instructions exit; defaults to <see cref="TrapSet.CreateDefault"/>.</summary>
    public TrapSet Traps { get; set; } = TrapSet.CreateDefault();

    /// <summary>The handler for exits; without one, <see cref="Run"/> applies <see cref="DefaultAction"/>.</summary>
    public ITrapHandler? TrapHandler { get; set; }

    /// <summary>The vCPUs.</summary>
    public IReadOnlyList<VCpu> Cpus => _cpus;

    /// <summary>The first (boot) vCPU.</summary>
    public VCpu Cpu => _cpus[0];

    /// <summary>The vCPU running now, or the one that ran last: devices private to a processor (a local APIC) answer for it.</summary>
    public VCpu CurrentCpu { get; private set; }

    /// <summary>Instructions executed by all vCPUs.</summary>
    public ulong InstructionCount
    {
        get
        {
            ulong total = 0;
            foreach (var cpu in _cpus)
                total += cpu.InstructionCount;
            return total;
        }
    }

    /// <summary>Interrupt line <paramref name="number"/> (0-255), created on first use.</summary>
    public InterruptLine GetInterruptLine(int number) => _lines[number] ??= new InterruptLine(this, number);

    /// <summary>Earliest timer deadline in clock nanoseconds, or <see cref="ulong.MaxValue"/>.</summary>
    internal ulong NextTimerDeadline { get; private set; } = ulong.MaxValue;

    /// <summary>Calls <paramref name="callback"/> once the clock reaches <paramref name="deadlineNanoseconds"/> (checked between guest blocks).</summary>
    public void ScheduleAt(ulong deadlineNanoseconds, Action callback) => Schedule(deadlineNanoseconds, callback, slot: null);

    /// <summary>
    /// Like <see cref="ScheduleAt(ulong, Action)"/>, but first drops the timer <paramref name="slot"/> still holds (slots are
    /// compared with <see cref="object.Equals(object)"/>), so a device re-arming one timer keeps one entry however often the guest reprograms it.
    /// </summary>
    public void ScheduleAt(object slot, ulong deadlineNanoseconds, Action callback)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var next = ulong.MaxValue;
        for (var i = _timers.Count - 1; i >= 0; i--)
        {
            if (slot.Equals(_timers[i].Slot)) _timers.RemoveAt(i);
            else next = Math.Min(next, _timers[i].Deadline);
        }
        NextTimerDeadline = next;
        Schedule(deadlineNanoseconds, callback, slot);
    }

    /// <summary>How many timers are armed; bounded by the devices' slots when they re-arm through a slot.</summary>
    public int ArmedTimerCount => _timers.Count;

    private void Schedule(ulong deadlineNanoseconds, Action callback, object? slot)
    {
        ArgumentNullException.ThrowIfNull(callback);
        _timers.Add((deadlineNanoseconds, callback, slot));
        NextTimerDeadline = Math.Min(NextTimerDeadline, deadlineNanoseconds);
    }

    /// <summary>
    /// The running vCPU's instruction count before which no timer falls due (<see cref="FireDueTimers"/> would fire nothing
    /// at a block boundary below it): <see cref="ulong.MaxValue"/> with none armed, the current count when the clock is not
    /// a <see cref="VirtualClock"/> or a timer is due now.
    /// </summary>
    internal ulong QuietUntil(ulong instructions)
    {
        if (NextTimerDeadline == ulong.MaxValue)
            return ulong.MaxValue;
        if (Clock is not VirtualClock clock)
            return instructions;
        var now = clock.NowNanoseconds;
        if (now >= NextTimerDeadline)
            return instructions;
        if (clock.NanosecondsPerInstruction == 0)
            return ulong.MaxValue;
        var ahead = (NextTimerDeadline - now - 1) / clock.NanosecondsPerInstruction + 1;
        return ulong.MaxValue - instructions < ahead ? ulong.MaxValue : instructions + ahead;
    }

    internal void FireDueTimers()
    {
        var now = Clock.NowNanoseconds;
        if (now < NextTimerDeadline || Cpu.InstructionCount < _eventsHeldUntil)
            return;
        var due = new List<Action>();
        var next = ulong.MaxValue;
        for (var i = _timers.Count - 1; i >= 0; i--)
        {
            if (_timers[i].Deadline <= now)
            {
                due.Add(_timers[i].Callback);
                _timers.RemoveAt(i);
            }
            else
                next = Math.Min(next, _timers[i].Deadline);
        }
        NextTimerDeadline = next;
        foreach (var callback in due)
            callback();
    }

    /// <summary>Longest a halted vCPU sleeps on a host clock before looking again (its run loop then counts the tick).</summary>
    private const int MaxHaltSleepMilliseconds = 100;

    /// <summary>
    /// For a halted vCPU: moves virtual time to the next timer (on a host clock, sleeps until it, at most
    /// <see cref="MaxHaltSleepMilliseconds"/>) and fires what is due. False if no timer is armed.
    /// </summary>
    internal bool SkipToNextTimer()
    {
        // A halted vCPU runs no instruction, so a hold until a cut block's end would never be released.
        _eventsHeldUntil = 0;
        if (NextTimerDeadline == ulong.MaxValue || _clockHeld)
            return false;
        var now = Clock.NowNanoseconds;
        if (NextTimerDeadline > now)
        {
            if (Clock is VirtualClock clock)
                clock.Offset += NextTimerDeadline - now;
            else
                Thread.Sleep((int)Math.Min(Math.Ceiling((NextTimerDeadline - now) / 1_000_000.0), MaxHaltSleepMilliseconds)); // rounded up: a 0 ms sleep would spin through budget ticks
        }
        FireDueTimers();
        return true;
    }

    /// <summary>
    /// Asks <see cref="Run"/> to return once the exit being handled completes (a device that powers the machine off,
    /// such as a debug-exit port); the returned exit carries <paramref name="reason"/> as its message.
    /// </summary>
    public void RequestStop(string reason) => _stopRequest ??= reason;

    /// <summary>
    /// Runs the boot vCPU (with several vCPUs, all of them in deterministic turns: <see cref="SliceInstructions"/>) until the handler or a device (<see cref="RequestStop"/>) stops it, the guest shuts down (triple fault), it
    /// halts with nothing armed to wake it (<see cref="VmExit.IsEndlessHalt"/>, returned without a handler), or
    /// <paramref name="maxInstructions"/> are spent (a timer tick a halted vCPU sleeps through without waking counts as one, as does each
    /// timer a <see cref="Suspended"/> machine sleeps to). Returns the exit that ended the run; for a stop, its
    /// <see cref="VmExit.Message"/> carries the handler's reason.
    /// </summary>
    public VmExit Run(ulong maxInstructions = ulong.MaxValue)
    {
        if (_cpus.Count > 1)
            return RunInterleaved(maxInstructions);
        var cpu = Cpu;
        var start = cpu.InstructionCount;
        ulong slept = 0;
        while (true)
        {
            var spent = cpu.InstructionCount - start + slept;
            if (spent >= maxInstructions)
                return StopForBudget(cpu, new VmExit(ExitReason.InstructionLimit, default(Instruction), message: "instruction budget spent"));
            if (Suspended)
            {
                if (SleepToNextTimer() is { } end)
                    return end;
                slept++;
                continue;
            }
            var budget = maxInstructions - spent;
            // A block cut by an earlier budget stop runs to its old end first, so events are looked for where they would have been.
            var held = _eventsHeldUntil > cpu.InstructionCount ? _eventsHeldUntil - cpu.InstructionCount : 0;
            var exit = cpu.Run(held != 0 && held < budget ? held : budget);
            if (exit.Reason == ExitReason.InstructionLimit && held != 0 && held < budget && !cpu.StoppedAtBreakpoint)
                continue;
            if (exit.Reason == ExitReason.InstructionLimit)
                return StopForBudget(cpu, exit);
            if (exit.Reason is ExitReason.Shutdown or ExitReason.InternalError || exit.IsEndlessHalt)
                return exit;
            if (Handle(cpu, exit) is { } stop)
                return stop;
        }
    }

    /// <summary>Hands <paramref name="exit"/> to the trap handler and completes it; the exit that ends the run if the handler or a device stops it, else null.</summary>
    private VmExit? Handle(VCpu cpu, in VmExit exit)
    {
        var action = TrapHandler is { } handler ? handler.Handle(cpu, exit) : DefaultAction(cpu, exit);
        if (action.Kind == ExitActionKind.Stop)
            return new VmExit(exit.Reason, exit.Instruction, exit.Address, exit.Width, exit.Direction, exit.Value, exit.Flags, action.Reason);
        cpu.Complete(exit, action);
        SpendPortAccess(exit, action.Kind);
        if (_stopRequest is not { } reason)
            return null;
        _stopRequest = null;
        return new VmExit(exit.Reason, exit.Instruction, exit.Address, exit.Width, exit.Direction, exit.Value, exit.Flags, reason);
    }

    /// <summary>
    /// What <see cref="Run"/> does without a trap handler: port I/O goes to <see cref="PortIo"/>, HLT and
    /// a fetch from unmapped memory stop the run, MMIO holes read as all ones, VMCALL raises #UD, the rest is emulated.
    /// </summary>
    public ExitAction DefaultAction(IGuestCpu cpu, in VmExit exit) => exit.Reason switch
    {
        ExitReason.PortIo => PortIoEmulation.Service(cpu, exit, PortIo),
        ExitReason.Halt => ExitAction.Stop("guest halted"),
        ExitReason.UnmappedMemory => ExitAction.Stop($"instruction fetch from unmapped guest-physical address 0x{exit.Address:X}"),
        ExitReason.Mmio => ExitAction.Resume,
        ExitReason.Hypercall => ExitAction.InjectException(6),
        _ => ExitAction.Emulate,
    };

    /// <summary>Frees guest memory.</summary>
    public void Dispose() => Memory.Dispose();
}
