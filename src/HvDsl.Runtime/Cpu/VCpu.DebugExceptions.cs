using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private const ulong Dr6Bs = 1 << 14, Dr6Hits = 0xF;

    /// <summary>DR7's L0-G3: any set arms a breakpoint, and the run loop then steps one instruction at a time.</summary>
    private const ulong Dr7Enables = 0xFF;

    /// <summary>B0-B3 of the data breakpoints the stepped instruction's accesses matched.</summary>
    private ulong _dataBreakpointHits;

    /// <summary>Whether the stepped instruction began with TF set outside a MOV SS shadow: it owes a single-step trap.</summary>
    private bool _stepTrap;

    /// <summary>Events delivered so far; a stepped instruction that delivered one (a fault, INT n, ICEBP) owes no trap.</summary>
    private ulong _eventsDelivered;

    private ulong _stepEvents;

    /// <summary>Whether the stepped instruction is MOV SS or POP SS, which holds its own #DB traps to the end of the next instruction.</summary>
    private bool _stepMovSs;

    /// <summary>Data-breakpoint hits of a MOV SS or POP SS, reported after the instruction that follows it.</summary>
    private ulong _heldDataHits;

    /// <summary>Whether the last event delivered was a #DB exception (a breakpoint, a single step, ICEBP), which reports held hits with it.</summary>
    private bool _lastEventWasDebug;

    /// <summary>Set when a stepped instruction left in an exit: <see cref="Complete"/> raises its single-step trap.</summary>
    private bool _stepTrapOnComplete;

    /// <summary>Whether the run loop must step one instruction at a time: TF or RF (IRET loaded it for one instruction) is set, or a breakpoint is enabled in DR7.</summary>
    private bool Debugging => ((_state.RFlags & (Cpu.RFlags.TF | Cpu.RFlags.RF)) | (_state.Dr7 & Dr7Enables)) != 0;

    /// <summary>
    /// The instruction-breakpoint check before RIP's instruction runs (SDM vol. 3A 18.3.1.1): a fault-class #DB with the
    /// matching B0-B3 in DR6, unless RF is set, which covers this one instruction and is cleared. Next when none matched.
    /// </summary>
    private StepOutcome CodeBreakpoint()
    {
        if ((_state.RFlags & Cpu.RFlags.RF) != 0)
        {
            _state.RFlags &= ~Cpu.RFlags.RF;
            return StepOutcome.Next;
        }
        // The instruction right after MOV SS or POP SS is not checked, as on Intel processors (AMD's do check it).
        if (_stepMovSs && _state.InterruptShadowUntil > _state.Instructions)
            return StepOutcome.Next;
        var linear = _state.Segments[CsIndex].Base + _state.Rip;
        ulong hits = 0;
        for (var n = 0; n < 4; n++)
        {
            if (BreakpointEnabled(n) && BreakpointKind(n) == 0 && ReadDebugRegister(n) == linear)
                hits |= 1UL << n;
        }
        if (hits == 0)
            return StepOutcome.Next;
        _state.Dr6 = (_state.Dr6 & ~Dr6Hits) | hits;
        Statistics.Exceptions++;
        return DeliverEvent(1, false, 0, _state.Rip, EventKind.Exception);
    }

    /// <summary>Notes what the instruction at the start of <paramref name="block"/> owes when it completes.</summary>
    private void BeginDebugStep(DecodedBlock block)
    {
        ref var first = ref block.Code[0];
        // MOV SS and POP SS hold off the single-step trap to the end of the next instruction (SDM vol. 3A 6.8.3).
        _stepMovSs = first.Op0Register == Register.SS && first.Mnemonic is Mnemonic.Mov or Mnemonic.Pop;
        _stepTrap = (_state.RFlags & Cpu.RFlags.TF) != 0 && !_stepMovSs && first.Mnemonic is not (Mnemonic.Syscall or Mnemonic.Sysret or Mnemonic.Sysretq);
        _dataBreakpointHits = 0;
        _stepEvents = _eventsDelivered;
    }

    /// <summary>After a stepped instruction ran without delivering an event: its trap-class #DB for single-step and data breakpoints.</summary>
    private StepOutcome EndDebugStep()
    {
        var held = _heldDataHits;
        _heldDataHits = 0;
        if (_eventsDelivered != _stepEvents)
        {
            // A #DB the instruction raised reports the held hits too; after INT n or a fault they still trap, at the handler.
            return held != 0 && !_lastEventWasDebug ? DebugTrap(held, step: false) : StepOutcome.Next;
        }
        if (_stepMovSs && _dataBreakpointHits != 0)
        {
            _heldDataHits = _dataBreakpointHits;
            return StepOutcome.Next;
        }
        var hits = _dataBreakpointHits | held;
        if (!_stepTrap && hits == 0)
            return StepOutcome.Next;
        return DebugTrap(hits, _stepTrap);
    }

    /// <summary>
    /// SYSCALL and SYSRET single-step by the TF they end with, not the one they began with (FMASK may clear it, R11 may set
    /// it): the trap, if any, comes at the new RIP. Returns the instruction's outcome.
    /// </summary>
    private StepOutcome SingleStepByFinalTf()
    {
        if ((_state.RFlags & Cpu.RFlags.TF) == 0)
            return StepOutcome.Branch;
        _state.Dr6 = (_state.Dr6 & ~Dr6Hits) | Dr6Bs;
        Statistics.Exceptions++;
        if (DeliverEvent(1, false, 0, _nextRip, EventKind.Exception) == StepOutcome.Exit)
            return StepOutcome.Exit;
        _nextRip = _state.Rip;
        return StepOutcome.Branch;
    }

    /// <summary>Delivers a trap-class #DB after the instruction: B0-B3 become <paramref name="hits"/>, BS is set for a single step, the other bits stay.</summary>
    private StepOutcome DebugTrap(ulong hits, bool step)
    {
        _state.Dr6 = (_state.Dr6 & ~Dr6Hits) | hits | (step ? Dr6Bs : 0);
        Statistics.Exceptions++;
        return DeliverEvent(1, false, 0, _state.Rip, EventKind.Exception) == StepOutcome.Exit ? StepOutcome.Exit : StepOutcome.Next;
    }

    /// <summary>Records which enabled data breakpoints (R/W 01 writes, 11 reads and writes) the access of <paramref name="size"/> bytes at <paramref name="linear"/> matches.</summary>
    private void NoteDataAccess(ulong linear, int size, bool write)
    {
        for (var n = 0; n < 4; n++)
        {
            var kind = BreakpointKind(n);
            if (!BreakpointEnabled(n) || kind is 0 or 2 || (kind == 1 && !write))
                continue;
            // LEN 00, 01, 11, 10: 1, 2, 4, 8 bytes, aligned to their size.
            var length = ((_state.Dr7 >> (18 + 4 * n)) & 3) switch { 0 => 1UL, 1 => 2UL, 2 => 8UL, _ => 4UL };
            var start = ReadDebugRegister(n) & ~(length - 1);
            if (linear < start + length && start < linear + (ulong)size)
                _dataBreakpointHits |= 1UL << n;
        }
    }

    private bool BreakpointEnabled(int n) => ((_state.Dr7 >> (2 * n)) & 3) != 0;

    /// <summary>DR7's R/W field for breakpoint <paramref name="n"/>: 0 execute, 1 write, 2 I/O, 3 read or write.</summary>
    private int BreakpointKind(int n) => (int)((_state.Dr7 >> (16 + 4 * n)) & 3);
}
