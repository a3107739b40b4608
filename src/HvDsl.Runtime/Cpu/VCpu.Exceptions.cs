using System;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private static bool HasErrorCode(int vector) => vector is 8 or 10 or 11 or 12 or 13 or 14 or 17 or 21;

    private static bool IsContributory(int vector) => vector is 0 or 10 or 11 or 12 or 13;

    /// <summary>Fault-class exceptions (SDM vol. 3A table 6-1): not #DB, NMI, #BP, #OF, #DF or #MC, which are traps, interrupts or aborts.</summary>
    private static bool IsFault(int vector) => vector is 0 or 5 or 6 or 7 or (>= 10 and <= 14) or 16 or 17 or 19 or 20 or 21;

    /// <summary>
    /// Raised with the vector once an exception or interrupt has been delivered (the guest handler runs
    /// next): tracing and conformance tests see which event the guest got, which no register shows.
    /// </summary>
    public event Action<byte>? EventDelivered;

    /// <summary>
    /// Delivers an exception or interrupt, escalating to #DF when delivery itself faults and to a
    /// shutdown (triple fault) when #DF cannot be delivered. Returns <see cref="StepOutcome.Exit"/> when delivery
    /// ended in an exit (a shutdown, an IDT or stack in MMIO), else <see cref="StepOutcome.Branch"/>.
    /// </summary>
    private StepOutcome DeliverEvent(byte vector, bool hasError, uint error, ulong returnRip, EventKind kind)
    {
        for (var attempt = 0; ; attempt++)
        {
            ClearRecorded();
            // A fault's frame carries RF = 1 so the restarted instruction is not stopped by its own breakpoint (SDM vol. 3A 17.3.1.1).
            if (kind == EventKind.Exception && IsFault(vector))
                _state.RFlags |= Cpu.RFlags.RF;
            if (TryDeliver(vector, hasError && Mode != CpuMode.Real, error, returnRip, kind))
            {
                _eventsDelivered++;
                _lastEventWasDebug = vector == 1 && kind == EventKind.Exception;
                EventDelivered?.Invoke(vector);
                return StepOutcome.Branch;
            }
            if (_recorded == StepOutcome.Exit)
                return StepOutcome.Exit;
            var second = _faultVector;
            if (vector == 8 || attempt >= 2)
            {
                Shutdown($"triple fault: vector {second} while delivering #DF (first vector {vector})");
                return StepOutcome.Exit;
            }
            if ((IsContributory(vector) && IsContributory(second)) || (vector == 14 && (IsContributory(second) || second == 14)))
            {
                vector = 8;
                hasError = true;
                error = 0;
            }
            else
            {
                vector = second;
                hasError = _faultHasError;
                error = _faultError;
            }
            kind = EventKind.Exception;
            returnRip = _state.Rip;
        }
    }

    /// <summary>Delivers the fault the last instruction recorded; RIP still points at that instruction.</summary>
    private StepOutcome DeliverPendingFault()
    {
        Statistics.Exceptions++;
        return DeliverEvent(_faultVector, _faultHasError, _faultError, _state.Rip, EventKind.Exception);
    }

    /// <summary>Injects an exception on behalf of a trap handler.</summary>
    internal StepOutcome InjectException(byte vector, uint? errorCode)
    {
        Statistics.Exceptions++;
        return DeliverEvent(vector, errorCode.HasValue, errorCode ?? 0, _state.Rip, EventKind.Exception);
    }

    private void Shutdown(string reason)
    {
        _state.Shutdown = reason;
        RecordExit(new VmExit(ExitReason.Shutdown, default(Instruction), message: reason));
    }

    private enum EventKind
    {
        Exception,
        Software,
        External,
    }

    private bool TryDeliver(byte vector, bool hasError, uint error, ulong returnRip, EventKind kind)
    {
        _state.Halted = false;
        return Mode switch
        {
            CpuMode.Real => DeliverReal(vector, returnRip),
            CpuMode.Protected => DeliverProtected(vector, hasError, error, returnRip, kind),
            _ => DeliverLong(vector, hasError, error, returnRip, kind),
        };
    }

    private bool DeliverReal(byte vector, ulong returnRip)
    {
        var entry = (ulong)vector * 4;
        if (entry + 3 > Idtr.Limit)
            return Fault(13, 0);
        if (!ReadSystem(Idtr.Base + entry, 4, out var ivt))
            return false;
        var sp = _state.Gpr[4];
        var ss = _state.Segments[SsIndex];
        var stackSize = StackAddressSize;
        if (!StackPush(ss, stackSize, ref sp, 2, _state.RFlags, false)
            || !StackPush(ss, stackSize, ref sp, 2, _state.Segments[CsIndex].Selector, false)
            || !StackPush(ss, stackSize, ref sp, 2, returnRip, false))
            return false;
        SetStackPointer(sp, stackSize);
        _state.RFlags &= ~(Cpu.RFlags.IF | Cpu.RFlags.TF | Cpu.RFlags.AC | Cpu.RFlags.RF);
        _state.Segments[CsIndex] = new SegmentRegister((ushort)(ivt >> 16), (ivt >> 16) << 4, 0xFFFF, SegmentRegister.RealMode | 0x8);
        _state.Rip = (ushort)ivt;
        SegmentsChanged();
        return true;
    }

    private bool DeliverProtected(byte vector, bool hasError, uint error, ulong returnRip, EventKind kind)
    {
        var gateError = (uint)vector * 8 + 2 + (kind == EventKind.External ? 1u : 0);
        if ((ulong)vector * 8 + 7 > Idtr.Limit)
            return Fault(13, gateError);
        if (!ReadSystem(Idtr.Base + (ulong)vector * 8, 8, out var gate))
            return false;
        var type = (int)(gate >> 40) & 0x1F;
        var is32 = type is 0x0E or 0x0F;
        if (type is not (0x06 or 0x07 or 0x0E or 0x0F))
            return Fault(13, gateError);
        if (kind == EventKind.Software && ((int)(gate >> 45) & 3) < Cpl)
            return Fault(13, gateError);
        if ((gate & (1UL << 47)) == 0)
            return Fault(11, gateError);
        var selector = (ushort)(gate >> 16);
        var offset = (gate & 0xFFFF) | (is32 ? (gate >> 32) & 0xFFFF0000 : 0);
        if (!ReadCodeDescriptorForTransfer(selector, out var code))
            return false;
        var newCpl = IsConforming(code) ? Cpl : code.Dpl;
        if (newCpl > Cpl)
            return Fault(13, selector & 0xFFFCu);

        var pushSize = is32 ? 4 : 2;
        var oldFlags = _state.RFlags;
        var oldCs = _state.Segments[CsIndex].Selector;
        var oldSs = _state.Segments[SsIndex];
        var oldSp = _state.Gpr[4];
        SegmentRegister ss;
        ulong sp;
        int stackSize;
        if (newCpl < Cpl)
        {
            if (!ReadTssStack32(newCpl, out var newSsSelector, out var newEsp) || !ReadStackDescriptor(newSsSelector, newCpl, fromTss: true, out ss))
                return false;
            sp = newEsp;
            stackSize = ss.IsBig ? 4 : 2;
            if (!StackPush(ss, stackSize, ref sp, pushSize, oldSs.Selector, newCpl == 3)
                || !StackPush(ss, stackSize, ref sp, pushSize, oldSp, newCpl == 3))
                return false;
        }
        else
        {
            ss = oldSs;
            sp = oldSp;
            stackSize = StackAddressSize;
        }
        if (!StackPush(ss, stackSize, ref sp, pushSize, oldFlags, newCpl == 3)
            || !StackPush(ss, stackSize, ref sp, pushSize, oldCs, newCpl == 3)
            || !StackPush(ss, stackSize, ref sp, pushSize, returnRip, newCpl == 3)
            || (hasError && !StackPush(ss, stackSize, ref sp, pushSize, error, newCpl == 3)))
            return false;

        _state.Segments[SsIndex] = ss;
        code.Selector = (ushort)((selector & 0xFFFC) | newCpl);
        _state.Segments[CsIndex] = code;
        Cpl = newCpl;
        SetStackPointer(sp, stackSize);
        _state.Rip = offset;
        _state.RFlags &= ~(Cpu.RFlags.TF | Cpu.RFlags.NT | Cpu.RFlags.RF | Cpu.RFlags.VM | (type is 0x06 or 0x0E ? Cpu.RFlags.IF : 0));
        SegmentsChanged();
        return true;
    }

    private bool DeliverLong(byte vector, bool hasError, uint error, ulong returnRip, EventKind kind)
    {
        var gateError = (uint)vector * 8 + 2 + (kind == EventKind.External ? 1u : 0);
        if ((ulong)vector * 16 + 15 > Idtr.Limit)
            return Fault(13, gateError);
        if (!ReadSystem(Idtr.Base + (ulong)vector * 16, 8, out var gate) || !ReadSystem(Idtr.Base + (ulong)vector * 16 + 8, 8, out var gateHigh))
            return false;
        var type = (int)(gate >> 40) & 0x1F;
        if (type is not (0x0E or 0x0F))
            return Fault(13, gateError);
        if (kind == EventKind.Software && ((int)(gate >> 45) & 3) < Cpl)
            return Fault(13, gateError);
        if ((gate & (1UL << 47)) == 0)
            return Fault(11, gateError);
        var selector = (ushort)(gate >> 16);
        var offset = (gate & 0xFFFF) | ((gate >> 32) & 0xFFFF0000) | (gateHigh << 32);
        if (!ReadCodeDescriptorForTransfer(selector, out var code))
            return false;
        if ((code.Attributes & SegmentRegister.LongMode) == 0 || code.IsBig)
            return Fault(13, selector & 0xFFFCu);
        var newCpl = IsConforming(code) ? Cpl : code.Dpl;
        if (newCpl > Cpl)
            return Fault(13, selector & 0xFFFCu);

        var ist = (int)(gate >> 32) & 7;
        var oldSs = _state.Segments[SsIndex];
        var oldRsp = _state.Gpr[4];
        var sp = oldRsp;
        var ss = oldSs;
        if (newCpl < Cpl || ist != 0)
        {
            var field = ist != 0 ? 0x24 + (ist - 1) * 8 : 4 + newCpl * 8;
            if (!ReadSystem(_state.Tr.Base + (ulong)field, 8, out sp))
                return false;
            if (newCpl < Cpl)
                ss = new SegmentRegister((ushort)newCpl, 0, 0, SegmentRegister.Unusable | (uint)(newCpl << 5));
        }
        sp &= ~15UL;
        var user = newCpl == 3;
        if (!StackPush(ss, 8, ref sp, 8, oldSs.Selector, user)
            || !StackPush(ss, 8, ref sp, 8, oldRsp, user)
            || !StackPush(ss, 8, ref sp, 8, _state.RFlags, user)
            || !StackPush(ss, 8, ref sp, 8, _state.Segments[CsIndex].Selector, user)
            || !StackPush(ss, 8, ref sp, 8, returnRip, user)
            || (hasError && !StackPush(ss, 8, ref sp, 8, error, user)))
            return false;

        _state.Segments[SsIndex] = ss;
        code.Selector = (ushort)((selector & 0xFFFC) | newCpl);
        _state.Segments[CsIndex] = code;
        Cpl = newCpl;
        _state.Gpr[4] = sp;
        _state.Rip = offset;
        _state.RFlags &= ~(Cpu.RFlags.TF | Cpu.RFlags.NT | Cpu.RFlags.RF | Cpu.RFlags.VM | (type == 0x0E ? Cpu.RFlags.IF : 0));
        SegmentsChanged();
        return true;
    }
}
