using System;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Per instruction code, the address size (2, 4, 8) of the count register LOOP and JCXZ use.</summary>
    private static readonly byte[] CountRegisterSize = BuildCountRegisterSizes();

    private static byte[] BuildCountRegisterSizes()
    {
        var table = new byte[Enum.GetValues<Code>().Length];
        for (var i = 0; i < table.Length; i++)
        {
            var name = ((Code)i).ToString();
            table[i] = name.StartsWith("Jrcxz", StringComparison.Ordinal) || name.EndsWith("_RCX", StringComparison.Ordinal) ? (byte)8
                : name.StartsWith("Jecxz", StringComparison.Ordinal) || name.EndsWith("_ECX", StringComparison.Ordinal) ? (byte)4
                : (byte)2;
        }
        return table;
    }

    /// <summary>Operand size of a near branch target: the branch's own size, or the operand's for indirect forms.</summary>
    private int BranchSize(ref Instruction ins) => ins.Op0Kind switch
    {
        OpKind.NearBranch16 => 2,
        OpKind.NearBranch32 => 4,
        OpKind.NearBranch64 => 8,
        OpKind.Register => GprInfo[(int)ins.Op0Register].Size,
        _ => MemorySizes[(int)ins.MemorySize],
    };

    private StepOutcome ExecuteJmp(ref Instruction ins)
    {
        switch (ins.Op0Kind)
        {
            case OpKind.NearBranch16:
            case OpKind.NearBranch32:
            case OpKind.NearBranch64:
                return Branch(ins.NearBranchTarget);
            case OpKind.FarBranch16:
            case OpKind.FarBranch32:
                return FarJump(ins.FarBranchSelector, ins.Op0Kind == OpKind.FarBranch16 ? ins.FarBranch16 : ins.FarBranch32);
        }
        if (ins.IsJmpFarIndirect)
            return ReadFarPointer(ref ins, out var selector, out var offset) ? FarJump(selector, offset) : Stopped;
        var size = BranchSize(ref ins);
        return ReadOp(ref ins, 0, size, out var target) ? Branch(target) : Stopped;
    }

    /// <summary>Reads an m16:16, m16:32 or m16:64 far pointer operand.</summary>
    private bool ReadFarPointer(ref Instruction ins, out ushort selector, out ulong offset)
    {
        var size = MemorySizes[(int)ins.MemorySize] - 2;
        var segment = SegmentIndex(ins.MemorySegment);
        var address = EffectiveOffset(ref ins);
        selector = 0;
        if (!ReadSeg(segment, address, size, out offset) || !ReadSeg(segment, address + (ulong)size, 2, out var s))
            return false;
        selector = (ushort)s;
        return true;
    }

    private StepOutcome FarJump(ushort selector, ulong offset)
    {
        return LoadCodeForFarTransfer(selector) ? Branch(offset) : Stopped;
    }

    /// <summary>Loads CS for a same-privilege far JMP or CALL (call gates are not supported: #GP).</summary>
    private bool LoadCodeForFarTransfer(ushort selector)
    {
        if (Mode == CpuMode.Real)
        {
            _state.Segments[CsIndex] = new SegmentRegister(selector, (ulong)selector << 4, 0xFFFF, _state.Segments[CsIndex].Attributes);
            SegmentsChanged();
            return true;
        }
        if (!ReadCodeDescriptorForTransfer(selector, out var code))
            return false;
        if (IsConforming(code) ? code.Dpl > Cpl : code.Dpl != Cpl || (selector & 3) > Cpl)
            return Fault(13, selector & 0xFFFCu);
        return LoadCodeSegment(selector, Cpl);
    }

    private StepOutcome ExecuteCall(ref Instruction ins)
    {
        if (ins.IsCallFar || ins.IsCallFarIndirect)
            return ExecuteCallFar(ref ins);
        var size = BranchSize(ref ins);
        ulong target;
        if (ins.Op0Kind is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64)
            target = ins.NearBranchTarget;
        else if (!ReadOp(ref ins, 0, size, out target))
            return Stopped;
        if (NonCanonicalTarget(target))
            return RaiseGp0();
        return Push(-ins.StackPointerIncrement, _nextRip) ? Branch(target) : Stopped;
    }

    private StepOutcome ExecuteCallFar(ref Instruction ins)
    {
        ushort selector;
        ulong offset;
        if (ins.IsCallFar)
        {
            selector = ins.FarBranchSelector;
            offset = ins.Op0Kind == OpKind.FarBranch16 ? ins.FarBranch16 : ins.FarBranch32;
        }
        else if (!ReadFarPointer(ref ins, out selector, out offset))
            return Stopped;
        var size = -ins.StackPointerIncrement / 2;
        var stackSize = StackAddressSize;
        var sp = _state.Gpr[4];
        var ss = _state.Segments[SsIndex];
        var oldCs = _state.Segments[CsIndex];
        var oldCpl = Cpl;
        if (!StackPush(ss, stackSize, ref sp, size, oldCs.Selector, Cpl == 3) || !StackPush(ss, stackSize, ref sp, size, _nextRip, Cpl == 3))
            return Stopped;
        if (!LoadCodeForFarTransfer(selector))
        {
            _state.Segments[CsIndex] = oldCs;
            Cpl = oldCpl;
            return Stopped;
        }
        SetStackPointer(sp, stackSize);
        return Branch(offset);
    }

    private StepOutcome ExecuteRet(ref Instruction ins)
    {
        var extra = ins.Op0Kind == OpKind.Immediate16 ? ins.Immediate16 : 0;
        var size = ins.StackPointerIncrement - extra;
        if (!Peek(0, size, out var target))
            return Stopped;
        if (NonCanonicalTarget(target))
            return RaiseGp0();
        Discard((ulong)(size + extra));
        _nextRip = target & _ipMask;
        return StepOutcome.Branch;
    }

    private StepOutcome ExecuteRetf(ref Instruction ins)
    {
        var extra = ins.Op0Kind == OpKind.Immediate16 ? ins.Immediate16 : 0;
        var size = (ins.StackPointerIncrement - extra) / 2;
        if (!Peek(0, size, out var offset) || !Peek(size, 2, out var selectorValue))
            return Stopped;
        var selector = (ushort)selectorValue;
        if (Mode == CpuMode.Real)
        {
            Discard((ulong)(2 * size + extra));
            _state.Segments[CsIndex] = new SegmentRegister(selector, (ulong)selector << 4, 0xFFFF, _state.Segments[CsIndex].Attributes);
            SegmentsChanged();
            return Branch(offset);
        }
        var rpl = selector & 3;
        if (rpl < Cpl)
            return Raise(13, selector & 0xFFFCu);
        if (rpl == Cpl)
        {
            if (!LoadCodeSegment(selector, rpl))
                return Stopped;
            Discard((ulong)(2 * size + extra));
        }
        else
        {
            // Return to an outer ring: the caller's SS:rSP sits above the return address.
            var stackTop = (ulong)(2 * size + extra);
            if (!Peek((int)stackTop, size, out var newSp) || !Peek((int)stackTop + size, 2, out var newSs))
                return Stopped;
            if (!ReadStackDescriptor((ushort)newSs, rpl, fromTss: false, out var ss) || !LoadCodeSegment(selector, rpl))
                return Stopped;
            _state.Segments[SsIndex] = ss;
            SegmentsChanged();
            SetStackPointer(newSp + (ulong)extra, StackAddressSize);
            ClearDataSegmentsAbove(rpl);
        }
        return Branch(offset);
    }

    /// <summary>
    /// On a return to an outer ring, data segments the new ring may not use get a null selector and become unusable; the
    /// hidden base and limit stay, so a 64-bit FS or GS base survives (SDM vol. 2A IRET, as hardware and QEMU do).
    /// </summary>
    private void ClearDataSegmentsAbove(int cpl)
    {
        foreach (var index in (ReadOnlySpan<int>)[EsIndex, DsIndex, FsIndex, GsIndex])
        {
            ref var seg = ref _state.Segments[index];
            if (!seg.IsUnusable && !IsConforming(seg) && seg.Dpl < cpl)
                seg = new SegmentRegister(0, seg.Base, seg.Limit, SegmentRegister.Unusable);
        }
    }

    private StepOutcome ExecuteLoop(ref Instruction ins)
    {
        var size = CountRegisterSize[(int)ins.Code];
        var count = (_state.Gpr[1] - 1) & SizeMask(size);
        SetGprSized(1, size, count);
        var zf = (_state.RFlags & Cpu.RFlags.ZF) != 0;
        var taken = count != 0 && ins.Mnemonic switch
        {
            Mnemonic.Loope => zf,
            Mnemonic.Loopne => !zf,
            _ => true,
        };
        return taken ? Branch(ins.NearBranchTarget) : StepOutcome.Next;
    }

    private StepOutcome ExecuteJcxz(ref Instruction ins)
    {
        return (_state.Gpr[1] & SizeMask(CountRegisterSize[(int)ins.Code])) == 0 ? Branch(ins.NearBranchTarget) : StepOutcome.Next;
    }

    /// <summary>BOUND: #BR (vector 5) unless the signed index lies within the bounds pair in memory.</summary>
    private StepOutcome ExecuteBound(ref Instruction ins)
    {
        var size = GprInfo[(int)ins.Op0Register].Size;
        var segment = SegmentIndex(ins.MemorySegment);
        var offset = EffectiveOffset(ref ins);
        if (!ReadSeg(segment, offset, size, out var lower) || !ReadSeg(segment, offset + (ulong)size, size, out var upper))
            return Stopped;
        var index = (long)SignExtend(Gpr(ins.Op0Register), size);
        if (index >= (long)SignExtend(lower, size) && index <= (long)SignExtend(upper, size))
            return StepOutcome.Next;
        Fault(5);
        return StepOutcome.Fault;
    }

    /// <summary>ICEBP (INT1): a trap-class #DB delivered as a hardware exception, so no gate DPL check, and DR6 unchanged (SDM vol. 3A 18.2.3).</summary>
    private StepOutcome ExecuteIcebp()
    {
        Statistics.Exceptions++;
        if (DeliverEvent(1, false, 0, _nextRip, EventKind.Exception) == StepOutcome.Exit)
            return StepOutcome.Exit;
        _nextRip = _state.Rip;
        return StepOutcome.Branch;
    }

    /// <summary>INT n, INT3, INTO: delivered through the IVT/IDT with the next instruction as return address.</summary>
    private StepOutcome SoftwareInterrupt(byte vector)
    {
        if (DeliverEvent(vector, false, 0, _nextRip, EventKind.Software) == StepOutcome.Exit)
            return StepOutcome.Exit;
        _nextRip = _state.Rip;
        return StepOutcome.Branch;
    }

    private StepOutcome ExecuteIret(ref Instruction ins)
    {
        var size = ins.Mnemonic switch { Mnemonic.Iretq => 8, Mnemonic.Iretd => 4, _ => 2 };
        if (!Peek(0, size, out var ip) || !Peek(size, size, out var csValue) || !Peek(2 * size, size, out var flags))
            return Stopped;
        LocalInterrupts?.EndNmi();
        var selector = (ushort)csValue;
        if (Mode == CpuMode.Real)
        {
            Discard((ulong)(3 * size));
            _state.Segments[CsIndex] = new SegmentRegister(selector, (ulong)selector << 4, 0xFFFF, _state.Segments[CsIndex].Attributes);
            WriteFlags(flags, size, loadRf: true);
            SegmentsChanged();
            _nextRip = ip & (size == 2 ? 0xFFFFUL : 0xFFFFFFFF);
            return StepOutcome.Branch;
        }
        // Task returns and virtual-8086 mode are not supported.
        if ((_state.RFlags & Cpu.RFlags.NT) != 0 || (Mode == CpuMode.Protected && (flags & Cpu.RFlags.VM) != 0 && size == 4 && Cpl == 0))
            return RaiseGp0();
        var rpl = selector & 3;
        if (rpl < Cpl)
            return Raise(13, selector & 0xFFFCu);
        var popStack = rpl > Cpl || Mode == CpuMode.Long64;
        ulong newSp = 0, newSsValue = 0;
        if (popStack && (!Peek(3 * size, size, out newSp) || !Peek(4 * size, size, out newSsValue)))
            return Stopped;
        var oldCpl = Cpl;
        var oldCs = _state.Segments[CsIndex];
        var wasLong64 = Mode == CpuMode.Long64;
        if (!LoadCodeSegment(selector, rpl))
            return Stopped;
        if (popStack)
        {
            var newSs = (ushort)newSsValue;
            if ((newSs & 0xFFFC) == 0 && wasLong64 && rpl < 3)
                _state.Segments[SsIndex] = new SegmentRegister(newSs, 0, 0, SegmentRegister.Unusable | (uint)(rpl << 5));
            else if (ReadStackDescriptor(newSs, rpl, fromTss: false, out var ss))
                _state.Segments[SsIndex] = ss;
            else
            {
                _state.Segments[CsIndex] = oldCs;
                Cpl = oldCpl;
                SegmentsChanged();
                return Stopped;
            }
            var savedCpl = Cpl;
            Cpl = oldCpl; // flag rules use the privilege the IRET ran at
            WriteFlags(flags, size, loadRf: true);
            Cpl = savedCpl;
            SegmentsChanged();
            SetGprSized(4, wasLong64 ? 8 : size, newSp);
            if (rpl > oldCpl)
                ClearDataSegmentsAbove(rpl);
        }
        else
        {
            Discard((ulong)(3 * size));
            Cpl = oldCpl;
            WriteFlags(flags, size, loadRf: true);
            Cpl = rpl;
        }
        return Branch(ip);
    }
}
