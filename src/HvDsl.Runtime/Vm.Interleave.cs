using System.Collections.Generic;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime;

public sealed partial class Vm
{
    /// <summary>Instructions a vCPU runs before the next one's turn when there are several.</summary>
    public const ulong SliceInstructions = 1000;

    // While several vCPUs share the clock, one that halts must not skip time the others still need.
    private bool _clockHeld;

    /// <summary>The index of the vCPU a budget stop cut short inside its slice, which goes on with it first; -1 for none.</summary>
    private int _cutTurn = -1;

    /// <summary>
    /// Adds a vCPU (an application processor, which waits for INIT and SIPI if its local controller says so); call it
    /// before the first <see cref="Run"/>.
    /// </summary>
    public VCpu AddCpu()
    {
        var cpu = new VCpu(this, _cpus.Count);
        _cpus.Add(cpu);
        return cpu;
    }

    /// <summary>
    /// Several vCPUs in deterministic turns: the vCPU a budget stop cut short goes on with its slice first; a vCPU that
    /// stopped inside its slice (an exit) goes on with it; otherwise the runnable vCPU with the fewest whole slices executed goes next (ties to the lowest index) and runs to its
    /// next slice boundary. The choice depends only on the vCPUs' instruction counts and the cut turn, which snapshots carry, so a restored
    /// run makes the same choices. When every vCPU is halted the clock skips to the
    /// next timer; with none armed, or with every vCPU halted with interrupts disabled, the run ends as an endless halt.
    /// </summary>
    private VmExit RunInterleaved(ulong maxInstructions)
    {
        var start = InstructionCount;
        var idle = new HashSet<VCpu>();
        ulong idleTicks = 0;
        VmExit lastHalt = default;
        while (true)
        {
            var spent = InstructionCount - start + idleTicks;
            if (spent >= maxInstructions)
                return new VmExit(ExitReason.InstructionLimit, default(Instruction), message: "instruction budget spent");
            if (Suspended)
            {
                if (SleepToNextTimer() is { } end)
                    return end;
                idleTicks++;
                idle.Clear();
                continue;
            }
            var cpu = TakeCutTurn() ?? NextInTurn(idle);
            if (cpu is null)
            {
                // Everyone sleeps: time moves to the next timer, and a tick that wakes nothing costs one budget instruction.
                _clockHeld = false;
                if (NoneCanWake() || !SkipToNextTimer())
                    return lastHalt;
                idleTicks++;
                idle.Clear();
                continue;
            }
            CurrentCpu = cpu;
            var boundary = (cpu.InstructionCount / SliceInstructions + 1) * SliceInstructions;
            var before = cpu.InstructionCount;
            _clockHeld = true;
            var exit = cpu.Run(System.Math.Min(boundary - before, maxInstructions - spent));
            _clockHeld = false;
            if (exit.Reason == ExitReason.InstructionLimit)
            {
                // Only the budget stops a vCPU inside its slice; the uninterrupted run would have gone on with it.
                if (cpu.InstructionCount % SliceInstructions != 0) _cutTurn = cpu.Index;
                // A debugger's breakpoint stops the whole run, with the other vCPUs where they are.
                if (cpu.StoppedAtBreakpoint)
                    return exit;
                idle.Clear();
                continue;
            }
            if (exit.Reason is ExitReason.Shutdown or ExitReason.InternalError)
                return exit;
            if (exit.IsEndlessHalt)
            {
                lastHalt = exit;
                if (cpu.InstructionCount == before) idle.Add(cpu);
                else idle.Clear();
                continue;
            }
            idle.Clear();
            if (Handle(cpu, exit) is { } stop)
                return stop;
        }
    }

    // As on one vCPU: with every vCPU halted with IF = 0 (or never started), no timer's interrupt can be taken.
    private bool NoneCanWake() => !AnotherCpuCanRun(null);

    /// <summary>
    /// True when a vCPU other than <paramref name="except"/> still runs or can be woken by an interrupt (it is not
    /// halted with IF = 0 and not waiting for INIT/SIPI), so a vCPU halting with IF = 0 only sleeps.
    /// </summary>
    internal bool AnotherCpuCanRun(VCpu? except)
    {
        foreach (var cpu in _cpus)
            if (cpu != except && cpu.LocalInterrupts?.WaitsForStartup != true && (!cpu.IsHalted || (cpu.RFlags & HvDsl.Runtime.Cpu.RFlags.IF) != 0))
                return true;
        return false;
    }

    private VCpu? TakeCutTurn()
    {
        if (_cutTurn < 0) return null;
        var cpu = _cpus[_cutTurn];
        _cutTurn = -1;
        return cpu.InstructionCount % SliceInstructions != 0 && cpu.LocalInterrupts?.WaitsForStartup != true ? cpu : null;
    }

    private VCpu? NextInTurn(HashSet<VCpu> idle)
    {
        VCpu? next = null;
        foreach (var cpu in _cpus)
        {
            if (idle.Contains(cpu) || cpu.LocalInterrupts?.WaitsForStartup == true) continue;
            if (cpu.InstructionCount % SliceInstructions != 0) return cpu;
            if (next is null || cpu.InstructionCount / SliceInstructions < next.InstructionCount / SliceInstructions) next = cpu;
        }
        return next;
    }
}
