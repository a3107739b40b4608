using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Debugging;

/// <summary>
/// Runs a VM under a debugger's control, independent of any wire protocol: breakpoints and watchpoints on linear
/// addresses, single steps, and continuing until one of them, a request to stop, or the end of the run. Without
/// watchpoints the guest runs in blocks in slices, the vCPUs checking breakpoints at block boundaries (an empty set
/// costs them one test per block); with watchpoints it runs one instruction at a time, checking each access.
/// </summary>
public sealed class GuestDebugger
{
    /// <summary>Instructions run at full speed between looks at <c>interrupted</c> when nothing needs checking.</summary>
    public const ulong FreeRunSlice = 1 << 16;

    /// <summary>Instructions run one at a time between looks at <c>interrupted</c>.</summary>
    private const int StepsPerLook = 1 << 10;

    /// <summary>Attempts a step makes on a vCPU that does not move (halted, sleeping through timer ticks) before it reports anyway.</summary>
    private const int StepAttempts = 1 << 16;

    private readonly Vm _vm;
    private readonly HashSet<ulong> _breakpoints = [];
    private readonly List<Watchpoint> _watchpoints = [];
    private readonly AccessProbe _probe = new();
    private readonly List<AccessProbe.Access>[] _accesses;
    private readonly ulong[] _counts;
    private readonly ulong[] _pcs;

    /// <summary>Debugs <paramref name="vm"/>, whose vCPUs must all exist already.</summary>
    public GuestDebugger(Vm vm)
    {
        _vm = vm;
        _accesses = new List<AccessProbe.Access>[vm.Cpus.Count];
        for (var i = 0; i < _accesses.Length; i++) _accesses[i] = [];
        _counts = new ulong[vm.Cpus.Count];
        _pcs = new ulong[vm.Cpus.Count];
    }

    /// <summary>Instructions the run may still execute; the run ends with <see cref="ExitReason.InstructionLimit"/> when they are spent.</summary>
    public ulong Budget { get; set; } = ulong.MaxValue;

    /// <summary>The linear addresses that stop a vCPU before it executes the instruction there.</summary>
    public IReadOnlyCollection<ulong> Breakpoints => _breakpoints;

    /// <summary>The watched ranges.</summary>
    public IReadOnlyList<Watchpoint> Watchpoints => _watchpoints;

    /// <summary>Adds a breakpoint at a linear address; false if there is one already.</summary>
    public bool AddBreakpoint(ulong linear) => _breakpoints.Add(linear);

    /// <summary>Removes the breakpoint at a linear address; false if there was none.</summary>
    public bool RemoveBreakpoint(ulong linear) => _breakpoints.Remove(linear);

    /// <summary>Adds a watchpoint (a second identical one is kept once).</summary>
    public void AddWatchpoint(in Watchpoint watch)
    {
        if (!_watchpoints.Contains(watch)) _watchpoints.Add(watch);
    }

    /// <summary>Removes a watchpoint; false if there was none.</summary>
    public bool RemoveWatchpoint(in Watchpoint watch) => _watchpoints.Remove(watch);

    /// <summary>Removes every breakpoint and watchpoint (the debugger detached).</summary>
    public void Clear()
    {
        _breakpoints.Clear();
        _watchpoints.Clear();
    }

    /// <summary>
    /// Executes one instruction of <paramref name="cpu"/> (the others take their turns as usual), or stops at the
    /// first instruction of an interrupt handler entered instead; watchpoints are checked, breakpoints are not (the
    /// debugger asked to move).
    /// </summary>
    public DebugStop Step(VCpu cpu)
    {
        Mark();
        for (var attempt = 0; attempt < StepAttempts; attempt++)
        {
            if (RunOne(out var end) is { } stop)
                return stop;
            if (end is { } exit)
                return new DebugStop(DebugStopReason.Ended, cpu, End: exit);
            if (Moved(cpu.Index))
                return new DebugStop(DebugStopReason.Step, cpu);
        }
        return new DebugStop(DebugStopReason.Step, cpu);
    }

    /// <summary>
    /// Runs until a vCPU arrives at a breakpoint, an instruction touches a watched range, <paramref name="interrupted"/>
    /// returns true (looked at every few thousand instructions), or the run ends. A vCPU already at a breakpoint runs
    /// its instruction: only arriving there stops.
    /// </summary>
    /// <remarks>
    /// Breakpoints are the vCPUs' own check at block boundaries (a block holding one runs only up to it), so the guest
    /// runs in blocks between them; only watchpoints make it run one instruction at a time.
    /// </remarks>
    public DebugStop Continue(Func<bool> interrupted)
    {
        Mark();
        if (_watchpoints.Count > 0)
            return StepUntilStop(interrupted);
        ulong[] breakpoints = [.. _breakpoints];
        foreach (var cpu in _vm.Cpus) cpu.SetBreakpoints(breakpoints);
        try
        {
            while (true)
            {
                foreach (var cpu in _vm.Cpus) cpu.StoppedAtBreakpoint = false;
                var end = FreeRun();
                foreach (var cpu in _vm.Cpus)
                {
                    if (cpu.StoppedAtBreakpoint)
                        return new DebugStop(DebugStopReason.Breakpoint, cpu);
                }
                if (end is { } exit)
                    return new DebugStop(DebugStopReason.Ended, _vm.CurrentCpu, End: exit);
                if (interrupted())
                    return new DebugStop(DebugStopReason.Interrupted, _vm.CurrentCpu);
            }
        }
        finally
        {
            foreach (var cpu in _vm.Cpus) cpu.SetBreakpoints([]);
        }
    }

    /// <summary>Continues one instruction at a time, for watchpoints, which need every access looked at.</summary>
    private DebugStop StepUntilStop(Func<bool> interrupted)
    {
        while (true)
        {
            for (var i = 0; i < StepsPerLook; i++)
            {
                if (RunOne(out var end) is { } stop)
                    return stop;
                if (end is { } exit)
                    return new DebugStop(DebugStopReason.Ended, _vm.CurrentCpu, End: exit);
                foreach (var cpu in _vm.Cpus)
                {
                    if (Moved(cpu.Index) && _breakpoints.Contains(cpu.LinearPc))
                        return new DebugStop(DebugStopReason.Breakpoint, cpu);
                }
                Mark();
            }
            if (interrupted())
                return new DebugStop(DebugStopReason.Interrupted, _vm.CurrentCpu);
        }
    }

    /// <summary>Runs one slice at full speed; the exit that ended the run, or null.</summary>
    private VmExit? FreeRun()
    {
        if (Budget == 0)
            return Spent();
        var before = _vm.InstructionCount;
        var end = _vm.Run(Math.Min(FreeRunSlice, Budget));
        Budget -= Math.Min(Budget, _vm.InstructionCount - before);
        return end.Reason == ExitReason.InstructionLimit && Budget > 0 ? null : end;
    }

    /// <summary>Runs one instruction (or takes one interrupt); a watchpoint stop, or null with <paramref name="end"/> set if the run ended.</summary>
    private DebugStop? RunOne(out VmExit? end)
    {
        end = null;
        if (Budget == 0)
        {
            end = Spent();
            return null;
        }
        if (_watchpoints.Count > 0)
        {
            foreach (var cpu in _vm.Cpus)
            {
                _accesses[cpu.Index].Clear();
                _probe.Next(cpu, _accesses[cpu.Index]);
            }
        }
        var before = _vm.InstructionCount;
        foreach (var cpu in _vm.Cpus) cpu.StopAtEvents = true;
        VmExit exit;
        try
        {
            exit = _vm.Run(1);
        }
        finally
        {
            foreach (var cpu in _vm.Cpus) cpu.StopAtEvents = false;
        }
        Budget -= Math.Min(Budget, _vm.InstructionCount - before);
        if (exit.Reason != ExitReason.InstructionLimit)
        {
            end = exit;
            return null;
        }
        return _watchpoints.Count > 0 ? Watched() : null;
    }

    /// <summary>The first watchpoint an instruction that just ran touched.</summary>
    private DebugStop? Watched()
    {
        foreach (var cpu in _vm.Cpus)
        {
            if (cpu.InstructionCount == _counts[cpu.Index])
                continue;
            foreach (var access in _accesses[cpu.Index])
            {
                foreach (var watch in _watchpoints)
                {
                    if (watch.Matches(access.Address, access.Size, access.Kind))
                        return new DebugStop(DebugStopReason.Watchpoint, cpu, Math.Max(access.Address, watch.Address), watch.Kind);
                }
            }
        }
        return null;
    }

    private static VmExit Spent() => new(ExitReason.InstructionLimit, default(Instruction), message: "instruction budget spent");

    /// <summary>Remembers where every vCPU is, so <see cref="Moved"/> can tell which ones ran.</summary>
    private void Mark()
    {
        foreach (var cpu in _vm.Cpus)
        {
            _counts[cpu.Index] = cpu.InstructionCount;
            _pcs[cpu.Index] = cpu.LinearPc;
        }
    }

    /// <summary>Whether vCPU <paramref name="index"/> executed an instruction or entered a handler since <see cref="Mark"/>.</summary>
    private bool Moved(int index) => _vm.Cpus[index].InstructionCount != _counts[index] || _vm.Cpus[index].LinearPc != _pcs[index];
}
