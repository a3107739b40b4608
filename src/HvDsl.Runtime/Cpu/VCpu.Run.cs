using System;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private DecodedBlock? _block;
    private int _index;
    private ulong _nextRip;

    /// <summary>The instruction count below which a block may run straight into its linked successor; 0 after anything that may change what the run loop checks.</summary>
    private ulong _chainUntil;

    /// <summary>The instruction being executed (valid while a block runs).</summary>
    private ref Instruction CurrentInstruction => ref _block!.Code[_index];

    private const string EventStopMessage = "stopped at the handler of an interrupt just taken";

    /// <summary>
    /// Set while a debugger steps: <see cref="Run"/> returns right after delivering an interrupt or NMI, so a breakpoint
    /// on the handler's first instruction is seen before that instruction runs.
    /// </summary>
    internal bool StopAtEvents { get; set; }

    /// <summary>Whether the vCPU is halted (HLT emulated) and waits for an interrupt.</summary>
    public bool IsHalted => _state.Halted;

    /// <summary>
    /// Runs guest code until an exit, at most <paramref name="maxInstructions"/> instructions.
    /// The caller handles the exit and passes the answer to <see cref="Complete"/> before running again.
    /// </summary>
    public VmExit Run(ulong maxInstructions)
    {
        StoppedAtBreakpoint = false;
        _stepTrapOnComplete = false;
        try
        {
            return RunBlocks(maxInstructions);
        }
        catch (Exception error) when (error is IndexOutOfRangeException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            // Defence in depth only: a runtime bug must stop this VM, not the host. Tests assert it never happens.
            _state.Shutdown = $"internal error at RIP 0x{_state.Rip:X}: {error.GetType().Name}: {error.Message}";
            return RunEnd(ExitReason.InternalError, _state.Shutdown);
        }
    }

    private VmExit RunBlocks(ulong maxInstructions)
    {
        var limit = ulong.MaxValue - _state.Instructions < maxInstructions ? ulong.MaxValue : _state.Instructions + maxInstructions;
        // An exit recorded outside the run (an instruction the VMM asked the vCPU to perform went to MMIO) goes out first.
        if (_recorded == StepOutcome.Exit)
            return TakeExit();
        while (true)
        {
            if (_state.Shutdown is not null)
                return RunEnd(ExitReason.Shutdown, _state.Shutdown);
            if (_state.Instructions >= limit)
                return RunEnd(ExitReason.InstructionLimit, "instruction budget spent");
            if (Vm.NextTimerDeadline != ulong.MaxValue)
                Vm.FireDueTimers();
            if (_state.Instructions >= _state.InterruptShadowUntil && DeliverNmi() is var nmi and not StepOutcome.Next)
            {
                if (nmi == StepOutcome.Exit)
                    return TakeExit();
                if (StopAtEvents)
                    return RunEnd(ExitReason.InstructionLimit, EventStopMessage);
            }
            else if ((_state.RFlags & Cpu.RFlags.IF) != 0 && _state.Instructions >= _state.InterruptShadowUntil && InterruptSource is { HasPending: true } pic)
            {
                var vector = pic.Acknowledge();
                if (vector >= 0)
                {
                    Statistics.Interrupts++;
                    if (DeliverEvent((byte)vector, false, 0, _state.Rip, EventKind.External) == StepOutcome.Exit)
                        return TakeExit();
                    if (StopAtEvents)
                        return RunEnd(ExitReason.InstructionLimit, EventStopMessage);
                }
            }
            if (_state.Halted)
            {
                if (_state.InterruptShadowUntil > _state.Instructions)
                {
                    // A halted vCPU reaches no further instruction boundary, so a hold waiting for one would never end.
                    _state.InterruptShadowUntil = _state.Instructions;
                    continue;
                }
                // Only an interrupt or an NMI (taken above) ends a halt: with IF = 0, or no timer left to fire, no interrupt can come.
                if ((_state.RFlags & Cpu.RFlags.IF) == 0)
                    return RunEnd(ExitReason.Halt, "guest halted with interrupts disabled and nothing can wake it");
                if (!Vm.SkipToNextTimer())
                    return RunEnd(ExitReason.Halt, "guest halted with interrupts enabled and nothing armed to wake it");
                // A tick that wakes nothing (its line masked) spends one instruction of the budget, so the sleep is bounded too.
                if (InterruptSource is not { HasPending: true })
                    limit--;
                continue;
            }

            var debugging = Debugging;
            if (debugging && CodeBreakpoint() is var breakpoint and not StepOutcome.Next)
            {
                if (breakpoint == StepOutcome.Exit)
                    return TakeExit();
                continue;
            }
            var block = NextBlock();
            if (block is null)
            {
                // The fetch recorded why it failed: an exit (code in unmapped memory) or a fault.
                if (_recorded == StepOutcome.Exit)
                    return TakeExit();
                _state.Instructions++;
                if (DeliverPendingFault() == StepOutcome.Exit)
                    return TakeExit();
                continue;
            }
            var beforeBreakpoint = _breakpoints.Length == 0 ? block.Count : InstructionsBeforeBreakpoint(block);
            if (beforeBreakpoint == 0)
                return AtBreakpoint();
            _block = block;
            if (debugging)
                BeginDebugStep(block);
            if (block.Trapped)
            {
                _index = 0;
                ref var op = ref block.Ops[0];
                var trapped = op.Kind is MicroOpKind.PortIn or MicroOpKind.PortOut ? PortExit(ref op, ref block.Code[0]) : TrapExit(ref op, ref block.Code[0]);
                if (trapped == StepOutcome.Exit)
                {
                    Statistics.Exits++;
                    _stepTrapOnComplete = debugging && _stepTrap;
                    return TakeExit();
                }
                _state.Instructions++;
                if (FinishInstruction(trapped) == StepOutcome.Exit || (debugging && EndDebugStep() == StepOutcome.Exit))
                    return TakeExit();
                continue;
            }
            if (debugging)
            {
                // One instruction in the interpreter, so its #DB traps come right after it.
                if (ExecuteBlock(block, Math.Min(limit, _state.Instructions + 1)) == StepOutcome.Exit)
                {
                    _stepTrapOnComplete = _stepTrap;
                    return TakeExit();
                }
                if (EndDebugStep() == StepOutcome.Exit)
                    return TakeExit();
                continue;
            }
            // A block runs past the end of an STI or MOV SS shadow only up to it, so a pending interrupt is taken right there.
            var shadowed = _state.InterruptShadowUntil > _state.Instructions;
            _chainUntil = shadowed || _breakpoints.Length != 0 ? 0 : Vm.QuietUntil(_state.Instructions);
            var blockLimit = shadowed ? Math.Min(limit, _state.InterruptShadowUntil) : limit;
            // A block holding a breakpoint runs up to it; the next turn of the loop stops there.
            if (RunBlock(block, beforeBreakpoint < block.Count ? Math.Min(blockLimit, _state.Instructions + (ulong)beforeBreakpoint) : blockLimit) == StepOutcome.Exit)
                return TakeExit();
        }
    }

    /// <summary>An exit no instruction caused; out of line so the run loop's frame holds no exit temporaries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static VmExit RunEnd(ExitReason reason, string message) => new(reason, default(Instruction), message: message);

    /// <summary>
    /// Settles an instruction that left its block: Next and Branch move RIP to the next RIP, a fault is delivered, an exit
    /// stays recorded. Returns <see cref="StepOutcome.Exit"/> when the run loop must hand an exit out, else Next.
    /// </summary>
    private StepOutcome FinishInstruction(StepOutcome outcome)
    {
        switch (outcome)
        {
            case StepOutcome.Next:
            case StepOutcome.Branch:
                _state.Rip = _nextRip;
                return StepOutcome.Next;
            case StepOutcome.Fault:
                _state.MmioLatchValid = false;
                return DeliverPendingFault() == StepOutcome.Exit ? StepOutcome.Exit : StepOutcome.Next;
            default:
                return StepOutcome.Exit;
        }
    }
}
