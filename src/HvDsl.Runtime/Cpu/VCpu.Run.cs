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
        try
        {
            return RunBlocks(maxInstructions);
        }
        catch (Exception error) when (error is IndexOutOfRangeException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            // Defence in depth only: a runtime bug must stop this VM, not the host. Tests assert it never happens.
            _state.Shutdown = $"internal error at RIP 0x{_state.Rip:X}: {error.GetType().Name}: {error.Message}";
            return Stopped(ExitReason.InternalError, _state.Shutdown);
        }
    }

    private VmExit RunBlocks(ulong maxInstructions)
    {
        var limit = ulong.MaxValue - _state.Instructions < maxInstructions ? ulong.MaxValue : _state.Instructions + maxInstructions;
        if (_status == StatusExit)
            return TakeExit();
        while (true)
        {
            if (_state.Shutdown is not null)
                return Stopped(ExitReason.Shutdown, _state.Shutdown);
            if (_state.Instructions >= limit)
                return Stopped(ExitReason.InstructionLimit, "instruction budget spent");
            if (Vm.NextTimerDeadline != ulong.MaxValue)
                Vm.FireDueTimers();
            if (_state.Instructions >= _state.InterruptShadowUntil && DeliverNmi())
            {
                if (_status == StatusExit)
                    return TakeExit();
                if (StopAtEvents)
                    return Stopped(ExitReason.InstructionLimit, EventStopMessage);
            }
            else if ((_state.RFlags & Cpu.RFlags.IF) != 0 && _state.Instructions >= _state.InterruptShadowUntil && InterruptSource is { HasPending: true } pic)
            {
                var vector = pic.Acknowledge();
                if (vector >= 0)
                {
                    Statistics.Interrupts++;
                    DeliverEvent((byte)vector, false, 0, _state.Rip, EventKind.External);
                    if (_status == StatusExit)
                        return TakeExit();
                    if (StopAtEvents)
                        return Stopped(ExitReason.InstructionLimit, EventStopMessage);
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
                    return Stopped(ExitReason.Halt, "guest halted with interrupts disabled and nothing can wake it");
                if (!Vm.SkipToNextTimer())
                    return Stopped(ExitReason.Halt, "guest halted with interrupts enabled and nothing armed to wake it");
                // A tick that wakes nothing (its line masked) spends one instruction of the budget, so the sleep is bounded too.
                if (InterruptSource is not { HasPending: true })
                    limit--;
                continue;
            }

            var block = NextBlock();
            if (block is null)
            {
                if (_status == StatusExit)
                    return TakeExit();
                _state.Instructions++;
                _status = 0;
                DeliverPendingFault();
                continue;
            }
            _block = block;
            if (block.Trapped)
            {
                _index = 0;
                ref var op = ref block.Ops[0];
                if (op.Kind is MicroOpKind.PortIn or MicroOpKind.PortOut ? PortExit(ref op, ref block.Code[0]) : TrapExit(ref op, ref block.Code[0]))
                {
                    Statistics.Exits++;
                    return TakeExit();
                }
                _state.Instructions++;
                FinishInstruction();
                if (_status == StatusExit)
                    return TakeExit();
                continue;
            }
            // A block runs past the end of an STI or MOV SS shadow only up to it, so a pending interrupt is taken right there.
            var shadowed = _state.InterruptShadowUntil > _state.Instructions;
            _chainUntil = shadowed ? 0 : Vm.QuietUntil(_state.Instructions);
            RunBlock(block, shadowed ? Math.Min(limit, _state.InterruptShadowUntil) : limit);
            if (_status == StatusExit)
                return TakeExit();
        }
    }

    /// <summary>An exit no instruction caused; out of line so the run loop's frame holds no exit temporaries.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static VmExit Stopped(ExitReason reason, string message) => new(reason, default(Instruction), message: message);

    private VmExit TakeExit()
    {
        _status = 0;
        return _pendingExit;
    }

    /// <summary>Settles an instruction that left its block: branch, fault or exit.</summary>
    private void FinishInstruction()
    {
        switch (_status)
        {
            case 0:
            case StatusBranch:
                _state.Rip = _nextRip;
                _status = 0;
                break;
            case StatusFault:
                _status = 0;
                _state.MmioLatchValid = false;
                DeliverPendingFault();
                break;
        }
    }
}
