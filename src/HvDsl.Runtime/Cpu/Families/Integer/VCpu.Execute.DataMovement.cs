using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private StepOutcome ExecuteMov(ref Instruction ins)
    {
        if (ins.Op0Kind == OpKind.Register)
        {
            var destination = ins.Op0Register;
            if (destination.IsSegmentRegister())
            {
                if (destination == Register.CS)
                    return RaiseUd();
                if (!ReadOp(ref ins, 1, 2, out var selector) || !LoadSegmentForMode(SegmentIndex(destination), (ushort)selector))
                    return Stopped;
                if (destination == Register.SS)
                    _state.InterruptShadowUntil = _state.Instructions + 1;
                return StepOutcome.Branch; // new segment bases or stack size: re-derive before the next fetch
            }
            if (destination.IsCR() || destination.IsDR() || (ins.Op1Kind == OpKind.Register && (ins.Op1Register.IsCR() || ins.Op1Register.IsDR())))
                return ExecuteMovControl(ref ins);
        }
        if (ins.Op1Kind == OpKind.Register && ins.Op1Register.IsSegmentRegister())
        {
            var selector = _state.Segments[SegmentIndex(ins.Op1Register)].Selector;
            if (ins.Op0Kind == OpKind.Register)
                SetGpr(ins.Op0Register, selector);
            else
                WriteMemory(ref ins, 2, selector);
            return Stopped;
        }
        var size = Size0(ref ins);
        if (ReadOp(ref ins, 1, size, out var value))
            WriteOp0(ref ins, size, value);
        return Stopped;
    }

    private StepOutcome ExecuteMovExtend(ref Instruction ins, bool signed)
    {
        var sourceSize = ins.Op1Kind == OpKind.Register ? GprInfo[(int)ins.Op1Register].Size : MemorySizes[(int)ins.MemorySize];
        if (!ReadOp(ref ins, 1, sourceSize, out var value))
            return Stopped;
        SetGpr(ins.Op0Register, signed ? SignExtend(value, sourceSize) : value);
        return Stopped;
    }

    private StepOutcome ExecuteLea(ref Instruction ins)
    {
        SetGpr(ins.Op0Register, EffectiveOffset(ref ins));
        return StepOutcome.Next;
    }

    private StepOutcome ExecuteXchg(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var a) || !ReadOp(ref ins, 1, size, out var b))
            return Stopped;
        if (ins.Op0Kind == OpKind.Memory)
        {
            if (WriteMemory(ref ins, size, b))
                SetGpr(ins.Op1Register, a);
            return Stopped;
        }
        if (!WriteOp(ref ins, 1, size, a))
            return Stopped;
        SetGpr(ins.Op0Register, b);
        return Stopped;
    }

    private StepOutcome ExecuteCmpxchg(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var destination))
            return Stopped;
        var accumulator = _state.Gpr[0] & SizeMask(size);
        var flags = _state.RFlags;
        Alu.Sub(size, accumulator, destination, ref flags);
        var equal = accumulator == destination;
        // The destination is written either way, as hardware does, so a read-only page faults even on mismatch.
        if (!WriteOp0(ref ins, size, equal ? Gpr(ins.Op1Register) : destination))
            return Stopped;
        if (!equal)
            SetGprSized(0, size, destination);
        _state.RFlags = flags;
        return Stopped;
    }

    private StepOutcome ExecuteCmpxchgWide(ref Instruction ins)
    {
        var half = ins.Mnemonic == Mnemonic.Cmpxchg16b ? 8 : 4;
        if (half == 8 && (EffectiveOffset(ref ins) & 15) != 0)
            return RaiseGp0();
        var segment = SegmentIndex(ins.MemorySegment);
        var offset = EffectiveOffset(ref ins);
        if (!ReadSeg(segment, offset, half, out var low) || !ReadSeg(segment, offset + (ulong)half, half, out var high))
            return Stopped;
        var mask = SizeMask(half);
        var equal = low == (_state.Gpr[0] & mask) && high == (_state.Gpr[2] & mask);
        var newLow = equal ? _state.Gpr[3] & mask : low;
        var newHigh = equal ? _state.Gpr[1] & mask : high;
        if (!WriteSeg(segment, offset, half, newLow) || !WriteSeg(segment, offset + (ulong)half, half, newHigh))
            return Stopped;
        if (!equal)
        {
            SetGprSized(0, half, low);
            SetGprSized(2, half, high);
        }
        _state.RFlags = equal ? _state.RFlags | Cpu.RFlags.ZF : _state.RFlags & ~Cpu.RFlags.ZF;
        return Stopped;
    }

    private StepOutcome ExecuteXadd(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var destination))
            return Stopped;
        var source = Gpr(ins.Op1Register);
        var flags = _state.RFlags;
        var sum = Alu.Add(size, destination, source, ref flags);
        if (ins.Op0Kind == OpKind.Memory && !WriteMemory(ref ins, size, sum))
            return Stopped;
        // SRC <- DEST before DEST <- sum (SDM vol. 2D, XADD): with one register as both, the sum is what stays.
        SetGpr(ins.Op1Register, destination);
        if (ins.Op0Kind == OpKind.Register)
            SetGpr(ins.Op0Register, sum);
        _state.RFlags = flags;
        return Stopped;
    }

    private StepOutcome ExecutePush(ref Instruction ins)
    {
        var size = -ins.StackPointerIncrement;
        ulong value;
        if (ins.Op0Kind == OpKind.Register && ins.Op0Register.IsSegmentRegister())
            value = _state.Segments[SegmentIndex(ins.Op0Register)].Selector;
        else if (!ReadOp(ref ins, 0, size, out value))
            return Stopped;
        Push(size, value);
        return Stopped;
    }

    private StepOutcome ExecutePop(ref Instruction ins)
    {
        var size = ins.StackPointerIncrement;
        if (!Peek(0, size, out var value))
            return Stopped;
        if (ins.Op0Kind == OpKind.Register && ins.Op0Register.IsSegmentRegister())
        {
            var segment = ins.Op0Register;
            if (!LoadSegmentForMode(SegmentIndex(segment), (ushort)value))
                return Stopped;
            Discard((ulong)size);
            if (segment == Register.SS)
                _state.InterruptShadowUntil = _state.Instructions + 1;
            return StepOutcome.Branch;
        }
        if (ins.Op0Kind == OpKind.Register)
        {
            Discard((ulong)size);
            SetGpr(ins.Op0Register, value);
            return Stopped;
        }
        // POP to memory computes its address with rSP already incremented.
        var saved = _state.Gpr[4];
        Discard((ulong)size);
        if (!WriteMemory(ref ins, size, value))
            _state.Gpr[4] = saved;
        return Stopped;
    }

    private StepOutcome ExecutePushf(ref Instruction ins) =>
        Done(Push(-ins.StackPointerIncrement, _state.RFlags & ~(Cpu.RFlags.VM | Cpu.RFlags.RF)));

    private StepOutcome ExecutePopf(ref Instruction ins)
    {
        var size = ins.StackPointerIncrement;
        if (!Peek(0, size, out var value))
            return Stopped;
        Discard((ulong)size);
        WriteFlags(value, size);
        return StepOutcome.Branch; // IF or TF may have changed: look at interrupts before the next block
    }

    /// <summary>Writes flags from POPF/IRET with the privilege rules: IOPL only at CPL 0, IF only at CPL &lt;= IOPL; RF only when <paramref name="loadRf"/> (IRET).</summary>
    private void WriteFlags(ulong value, int size, bool loadRf = false)
    {
        var writable = FlagsWritableMask & ~(Cpu.RFlags.VM | (loadRf ? 0 : Cpu.RFlags.RF));
        if (Mode != CpuMode.Real)
        {
            if (Cpl > 0)
                writable &= ~Cpu.RFlags.IOPL;
            if (Cpl > (int)((_state.RFlags & Cpu.RFlags.IOPL) >> 12))
                writable &= ~Cpu.RFlags.IF;
        }
        writable &= SizeMask(size);
        _state.RFlags = (_state.RFlags & ~writable) | (value & writable) | 2;
    }

    private StepOutcome ExecutePusha(ref Instruction ins)
    {
        var size = ins.Mnemonic == Mnemonic.Pushad ? 4 : 2;
        var stackSize = StackAddressSize;
        var sp = _state.Gpr[4];
        var ss = _state.Segments[SsIndex];
        for (var r = 0; r < 8; r++)
        {
            var value = r == 4 ? _state.Gpr[4] : _state.Gpr[r];
            if (!StackPush(ss, stackSize, ref sp, size, value, Cpl == 3))
                return Stopped;
        }
        SetStackPointer(sp, stackSize);
        return Stopped;
    }

    private StepOutcome ExecutePopa(ref Instruction ins)
    {
        var size = ins.Mnemonic == Mnemonic.Popad ? 4 : 2;
        System.Span<ulong> values = stackalloc ulong[8];
        for (var r = 7; r >= 0; r--)
        {
            if (!Peek((7 - r) * size, size, out var value))
                return Stopped;
            values[r] = value;
        }
        for (var r = 0; r < 8; r++)
        {
            if (r != 4)
                SetGprSized(r, size, values[r]);
        }
        Discard((ulong)(8 * size));
        return Stopped;
    }

    private StepOutcome ExecuteEnter(ref Instruction ins)
    {
        var size = ins.Code switch { Code.Enterw_imm16_imm8 => 2, Code.Enterd_imm16_imm8 => 4, _ => 8 };
        var stackSize = StackAddressSize;
        var level = ins.Immediate8_2nd & 31;
        var sp = _state.Gpr[4];
        var ss = _state.Segments[SsIndex];
        var bp = _state.Gpr[5];
        if (!StackPush(ss, stackSize, ref sp, size, bp, Cpl == 3))
            return Stopped;
        var frame = sp;
        for (var i = 1; i < level; i++)
        {
            bp = (bp - (ulong)size) & SizeMask(stackSize);
            if (!ReadSeg(SsIndex, bp, size, out var link) || !StackPush(ss, stackSize, ref sp, size, link, Cpl == 3))
                return Stopped;
        }
        if (level > 0 && !StackPush(ss, stackSize, ref sp, size, frame, Cpl == 3))
            return Stopped;
        SetGprSized(5, size, frame);
        SetStackPointer((sp - ins.Immediate16) & SizeMask(stackSize), stackSize);
        return Stopped;
    }

    private StepOutcome ExecuteLeave(ref Instruction ins)
    {
        var size = ins.Code switch { Code.Leavew => 2, Code.Leaved => 4, _ => 8 };
        var stackSize = StackAddressSize;
        var frame = _state.Gpr[5] & SizeMask(stackSize);
        if (!ReadSeg(SsIndex, frame, size, out var bp))
            return Stopped;
        SetStackPointer(frame + (ulong)size, stackSize);
        SetGprSized(5, size, bp);
        return Stopped;
    }

    private StepOutcome ExecuteWidenAccumulator(ref Instruction ins)
    {
        switch (ins.Mnemonic)
        {
            case Mnemonic.Cbw: SetGprSized(0, 2, (ulong)(sbyte)_state.Gpr[0]); break;
            case Mnemonic.Cwde: SetGprSized(0, 4, (ulong)(short)_state.Gpr[0]); break;
            default: _state.Gpr[0] = (ulong)(int)_state.Gpr[0]; break;
        }
        return Stopped;
    }

    private StepOutcome ExecuteSignIntoDx(ref Instruction ins)
    {
        var size = ins.Mnemonic switch { Mnemonic.Cwd => 2, Mnemonic.Cdq => 4, _ => 8 };
        var negative = (_state.Gpr[0] & (1UL << (size * 8 - 1))) != 0;
        SetGprSized(2, size, negative ? ulong.MaxValue : 0);
        return Stopped;
    }

    private StepOutcome ExecuteXlat(ref Instruction ins)
    {
        if (ReadMemory(ref ins, 1, out var value))
            SetGprSized(0, 1, value);
        return Stopped;
    }

    private StepOutcome ExecuteBswap(ref Instruction ins)
    {
        var size = GprInfo[(int)ins.Op0Register].Size;
        SetGpr(ins.Op0Register, Alu.Bswap(size, Gpr(ins.Op0Register)));
        return Stopped;
    }

    private StepOutcome ExecuteLoadFarPointer(ref Instruction ins)
    {
        var size = GprInfo[(int)ins.Op0Register].Size;
        var segment = SegmentIndex(ins.MemorySegment);
        var offset = EffectiveOffset(ref ins);
        if (!ReadSeg(segment, offset, size, out var pointer) || !ReadSeg(segment, offset + (ulong)size, 2, out var selector))
            return Stopped;
        var target = ins.Mnemonic switch
        {
            Mnemonic.Lds => DsIndex,
            Mnemonic.Les => EsIndex,
            Mnemonic.Lfs => FsIndex,
            Mnemonic.Lgs => GsIndex,
            _ => SsIndex,
        };
        if (!LoadSegmentForMode(target, (ushort)selector))
            return Stopped;
        SetGpr(ins.Op0Register, pointer);
        return StepOutcome.Branch;
    }

    private StepOutcome ExecuteCmov(ref Instruction ins)
    {
        var size = GprInfo[(int)ins.Op0Register].Size;
        if (!ReadOp(ref ins, 1, size, out var value))
            return Stopped;
        if (Alu.Condition((int)ins.ConditionCode - 1, _state.RFlags))
            SetGpr(ins.Op0Register, value);
        else if (size == 4)
            SetGpr(ins.Op0Register, Gpr(ins.Op0Register)); // a 32-bit CMOV zero-extends even when false
        return Stopped;
    }

    private StepOutcome ExecuteSetcc(ref Instruction ins) =>
        Done(WriteOp0(ref ins, 1, Alu.Condition((int)ins.ConditionCode - 1, _state.RFlags) ? 1UL : 0));
}
