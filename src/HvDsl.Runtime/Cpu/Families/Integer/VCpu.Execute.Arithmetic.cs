using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private StepOutcome ExecuteBinary(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var a) || !ReadOp(ref ins, 1, size, out var b))
            return Stopped;
        var op = AluOpOf(ins.Mnemonic);
        var pending = default(PendingFlags);
        var result = Compute(op, size, a, b, _state.RFlags, ref pending);
        if (op < AluOp.Cmp && !WriteOp0(ref ins, size, result))
            return Stopped;
        _state.RFlags = pending.Resolve(_state.RFlags);
        return Stopped;
    }

    private StepOutcome ExecuteUnary(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var a))
            return Stopped;
        var flags = _state.RFlags;
        var result = ins.Mnemonic switch
        {
            Mnemonic.Inc => Alu.Inc(size, a, ref flags),
            Mnemonic.Dec => Alu.Dec(size, a, ref flags),
            Mnemonic.Neg => Alu.Neg(size, a, ref flags),
            _ => ~a & SizeMask(size),
        };
        if (!WriteOp0(ref ins, size, result))
            return Stopped;
        _state.RFlags = flags;
        return Stopped;
    }

    private StepOutcome ExecuteShift(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var a) || !ReadOp(ref ins, 1, 1, out var count))
            return Stopped;
        var flags = _state.RFlags;
        var result = ins.Mnemonic switch
        {
            Mnemonic.Shl or Mnemonic.Sal => Alu.Shl(size, a, count, ref flags),
            Mnemonic.Shr => Alu.Shr(size, a, count, ref flags),
            Mnemonic.Sar => Alu.Sar(size, a, count, ref flags),
            Mnemonic.Rol => Alu.Rol(size, a, count, ref flags),
            Mnemonic.Ror => Alu.Ror(size, a, count, ref flags),
            Mnemonic.Rcl => Alu.Rcl(size, a, count, ref flags),
            _ => Alu.Rcr(size, a, count, ref flags),
        };
        if (!WriteOp0(ref ins, size, result))
            return Stopped;
        _state.RFlags = flags;
        return Stopped;
    }

    private StepOutcome ExecuteDoubleShift(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var dst) || !ReadOp(ref ins, 1, size, out var src) || !ReadOp(ref ins, 2, 1, out var count))
            return Stopped;
        var flags = _state.RFlags;
        var result = ins.Mnemonic == Mnemonic.Shld
            ? Alu.Shld(size, dst, src, count, ref flags)
            : Alu.Shrd(size, dst, src, count, ref flags);
        if (!WriteOp0(ref ins, size, result))
            return Stopped;
        _state.RFlags = flags;
        return Stopped;
    }

    private StepOutcome ExecuteMul(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var b))
            return Stopped;
        var low = Alu.Mul(size, _state.Gpr[0] & SizeMask(size), b, out var high, ref _state.RFlags);
        StoreWideResult(size, low, high);
        return Stopped;
    }

    private StepOutcome ExecuteImul(ref Instruction ins)
    {
        if (ins.OpCount == 1)
        {
            var size1 = Size0(ref ins);
            if (!ReadOp(ref ins, 0, size1, out var b1))
                return Stopped;
            var low1 = Alu.Imul(size1, _state.Gpr[0] & SizeMask(size1), b1, out var high1, ref _state.RFlags);
            StoreWideResult(size1, low1, high1);
            return Stopped;
        }
        var size = Size0(ref ins);
        ulong a, b;
        if (ins.OpCount == 2)
        {
            if (!ReadOp(ref ins, 0, size, out a) || !ReadOp(ref ins, 1, size, out b))
                return Stopped;
        }
        else if (!ReadOp(ref ins, 1, size, out a) || !ReadOp(ref ins, 2, size, out b))
            return Stopped;
        var result = Alu.Imul(size, a, b, out _, ref _state.RFlags);
        SetGpr(ins.Op0Register, result);
        return Stopped;
    }

    /// <summary>Writes a one-operand MUL/IMUL result to AX, DX:AX, EDX:EAX or RDX:RAX.</summary>
    private void StoreWideResult(int size, ulong low, ulong high)
    {
        if (size == 1)
        {
            SetGprSized(0, 2, (high << 8) | low);
            return;
        }
        SetGprSized(0, size, low);
        SetGprSized(2, size, high);
    }

    private StepOutcome ExecuteDiv(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 0, size, out var divisor))
            return Stopped;
        ulong high, low;
        if (size == 1)
        {
            high = (_state.Gpr[0] >> 8) & 0xFF;
            low = _state.Gpr[0] & 0xFF;
        }
        else
        {
            high = _state.Gpr[2] & SizeMask(size);
            low = _state.Gpr[0] & SizeMask(size);
        }
        var ok = ins.Mnemonic == Mnemonic.Div
            ? Alu.Div(size, high, low, divisor, out var quotient, out var remainder)
            : Alu.Idiv(size, high, low, divisor, out quotient, out remainder);
        if (!ok)
            return Raise(0);
        if (size == 1)
            SetGprSized(0, 2, (remainder << 8) | quotient);
        else
        {
            SetGprSized(0, size, quotient);
            SetGprSized(2, size, remainder);
        }
        return Stopped;
    }

    private StepOutcome ExecuteBitTest(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 1, size, out var bit))
            return Stopped;
        var mnemonic = ins.Mnemonic;
        if (ins.Op0Kind == OpKind.Register)
        {
            var value = Gpr(ins.Op0Register);
            var result = BitOp(mnemonic, size, value, bit);
            if (mnemonic != Mnemonic.Bt)
                SetGpr(ins.Op0Register, result);
            return Stopped;
        }
        // A register bit offset addresses a bit string around the operand, not just the operand.
        var offset = EffectiveOffset(ref ins);
        if (ins.Op1Kind == OpKind.Register)
        {
            var bits = size * 8;
            var signed = (long)SignExtend(bit, size);
            offset += (ulong)((signed >> (bits == 64 ? 6 : bits == 32 ? 5 : 4)) * size);
            bit = (ulong)signed & (ulong)(bits - 1);
        }
        var segment = SegmentIndex(ins.MemorySegment);
        if (!ReadSeg(segment, offset, size, out var memory))
            return Stopped;
        var flags = _state.RFlags;
        var updated = mnemonic switch
        {
            Mnemonic.Bt => Alu.Bt(size, memory, bit, ref flags),
            Mnemonic.Bts => Alu.Bts(size, memory, bit, ref flags),
            Mnemonic.Btr => Alu.Btr(size, memory, bit, ref flags),
            _ => Alu.Btc(size, memory, bit, ref flags),
        };
        if (mnemonic != Mnemonic.Bt && !WriteSeg(segment, offset, size, updated))
            return Stopped;
        _state.RFlags = flags;
        return Stopped;
    }

    private ulong BitOp(Mnemonic mnemonic, int size, ulong value, ulong bit) => mnemonic switch
    {
        Mnemonic.Bt => Alu.Bt(size, value, bit, ref _state.RFlags),
        Mnemonic.Bts => Alu.Bts(size, value, bit, ref _state.RFlags),
        Mnemonic.Btr => Alu.Btr(size, value, bit, ref _state.RFlags),
        _ => Alu.Btc(size, value, bit, ref _state.RFlags),
    };

    private StepOutcome ExecuteBitScan(ref Instruction ins)
    {
        var size = Size0(ref ins);
        if (!ReadOp(ref ins, 1, size, out var src))
            return Stopped;
        var old = Gpr(ins.Op0Register);
        var result = ins.Mnemonic switch
        {
            // F3 0F BC (TZCNT) is BSF with an ignored REP on a processor without BMI1, which CPUID does not advertise.
            Mnemonic.Bsf or Mnemonic.Tzcnt => Alu.Bsf(size, src, old, ref _state.RFlags),
            Mnemonic.Bsr => Alu.Bsr(size, src, old, ref _state.RFlags),
            Mnemonic.Popcnt => Alu.Popcnt(size, src, ref _state.RFlags),
            _ => Alu.Lzcnt(size, src, ref _state.RFlags),
        };
        SetGpr(ins.Op0Register, result);
        return Stopped;
    }

    private StepOutcome ExecuteBcd(ref Instruction ins)
    {
        var ax = _state.Gpr[0] & 0xFFFF;
        switch (ins.Mnemonic)
        {
            case Mnemonic.Daa:
                SetGprSized(0, 1, Alu.Daa(ax & 0xFF, ref _state.RFlags));
                break;
            case Mnemonic.Das:
                SetGprSized(0, 1, Alu.Das(ax & 0xFF, ref _state.RFlags));
                break;
            case Mnemonic.Aaa:
                SetGprSized(0, 2, Alu.Aaa(ax, ref _state.RFlags));
                break;
            case Mnemonic.Aas:
                SetGprSized(0, 2, Alu.Aas(ax, ref _state.RFlags));
                break;
            case Mnemonic.Aam:
                if (Alu.Aam(ax, ins.Immediate8, out var result, ref _state.RFlags))
                    SetGprSized(0, 2, result);
                else
                    Fault(0);
                break;
            default:
                SetGprSized(0, 2, Alu.Aad(ax, ins.Immediate8, ref _state.RFlags));
                break;
        }
        return Stopped;
    }

    private StepOutcome ExecuteFlagOp(ref Instruction ins)
    {
        switch (ins.Mnemonic)
        {
            case Mnemonic.Clc: _state.RFlags &= ~Cpu.RFlags.CF; break;
            case Mnemonic.Stc: _state.RFlags |= Cpu.RFlags.CF; break;
            case Mnemonic.Cmc: _state.RFlags ^= Cpu.RFlags.CF; break;
            case Mnemonic.Cld: _state.RFlags &= ~Cpu.RFlags.DF; break;
            case Mnemonic.Std: _state.RFlags |= Cpu.RFlags.DF; break;
            case Mnemonic.Lahf: SetGpr(Register.AH, (_state.RFlags & 0xD5) | 2); break;
            case Mnemonic.Sahf: _state.RFlags = (_state.RFlags & ~0xD5UL) | (Gpr(Register.AH) & 0xD5); break;
            default: SetGprSized(0, 1, (_state.RFlags & Cpu.RFlags.CF) != 0 ? 0xFFUL : 0); break;
        }
        return Stopped;
    }
}
