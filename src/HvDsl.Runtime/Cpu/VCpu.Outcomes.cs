using System.Runtime.CompilerServices;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// The event the current instruction recorded: <see cref="StepOutcome.Fault"/> once <see cref="Fault(byte)"/> ran,
    /// <see cref="StepOutcome.Exit"/> once <see cref="RecordExit"/> did, else <see cref="StepOutcome.Next"/>. Only this
    /// file writes it; handlers read it through <see cref="Stopped"/> after a helper returned false.
    /// </summary>
    private StepOutcome _recorded;
    private byte _faultVector;
    private bool _faultHasError;
    private uint _faultError;
    private VmExit _pendingExit;

    /// <summary>The fault the current instruction recorded (vector, error code), or null: what it will deliver when it ends.</summary>
    internal (byte Vector, uint Error)? PendingFault => _recorded == StepOutcome.Fault ? (_faultVector, _faultError) : null;

    /// <summary>What a handler returns after a helper returned false: the fault or exit that helper recorded, or Next when it recorded none.</summary>
    private StepOutcome Stopped => _recorded;

    /// <summary><see cref="StepOutcome.Next"/> when the last step <paramref name="completed"/>, else <see cref="Stopped"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private StepOutcome Done(bool completed) => completed ? StepOutcome.Next : _recorded;

    /// <summary>Jumps within the code segment; leaves the block. A non-canonical 64-bit target raises #GP(0) at the branch.</summary>
    private StepOutcome Branch(ulong target)
    {
        if (NonCanonicalTarget(target))
            return RaiseGp0();
        _nextRip = target & _ipMask;
        return StepOutcome.Branch;
    }

    /// <summary>In 64-bit code a branch to a non-canonical address faults itself, not the fetch at the target (SDM vol. 2A, JMP, CALL).</summary>
    private bool NonCanonicalTarget(ulong target) => _codeBitness == 64 && !IsCanonical(target);

    /// <summary>Records a fault without an error code; returns false so callers can <c>return Fault(..)</c>.</summary>
    private bool Fault(byte vector)
    {
        _recorded = StepOutcome.Fault;
        _faultVector = vector;
        _faultHasError = false;
        _faultError = 0;
        return false;
    }

    /// <summary>Records a fault with an error code (dropped in real mode, as hardware does).</summary>
    private bool Fault(byte vector, uint error)
    {
        _recorded = StepOutcome.Fault;
        _faultVector = vector;
        _faultHasError = HasErrorCode(vector);
        _faultError = error;
        return false;
    }

    private bool Gp0() => Fault(13, 0);

    private bool Ud() => Fault(6);

    /// <summary>Records a fault for a handler to return: <c>return Raise(13, 0)</c>.</summary>
    private StepOutcome Raise(byte vector, uint error)
    {
        Fault(vector, error);
        return StepOutcome.Fault;
    }

    /// <summary>Records a fault without an error code for a handler to return.</summary>
    private StepOutcome Raise(byte vector)
    {
        Fault(vector);
        return StepOutcome.Fault;
    }

    private StepOutcome RaiseGp0() => Raise(13, 0);

    private StepOutcome RaiseUd() => Raise(6);

    /// <summary>Records <paramref name="exit"/> for the VMM; the instruction ends without effect. Returns false, as a helper that stops does.</summary>
    private bool RecordExit(in VmExit exit)
    {
        _pendingExit = exit;
        _recorded = StepOutcome.Exit;
        return false;
    }

    /// <summary>Forgets what was recorded: the fault is being delivered, or the state is replaced.</summary>
    private void ClearRecorded() => _recorded = StepOutcome.Next;

    /// <summary>Hands the recorded exit to the run loop's caller.</summary>
    private VmExit TakeExit()
    {
        _recorded = StepOutcome.Next;
        return _pendingExit;
    }
}
