using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Iterations one execution of a REP instruction may run before yielding (interrupts, budget).</summary>
    private const int RepChunk = 4096;

    /// <summary>Address size of a string instruction, from its rSI/rDI operand kind.</summary>
    private static int StringAddressSize(ref Instruction ins)
    {
        var kind = ins.Op0Kind is OpKind.MemorySegSI or OpKind.MemorySegESI or OpKind.MemorySegRSI
            or OpKind.MemoryESDI or OpKind.MemoryESEDI or OpKind.MemoryESRDI ? ins.Op0Kind : ins.Op1Kind;
        return kind switch
        {
            OpKind.MemorySegSI or OpKind.MemoryESDI => 2,
            OpKind.MemorySegESI or OpKind.MemoryESEDI => 4,
            _ => 8,
        };
    }

    /// <summary>
    /// MOVS, CMPS, STOS, LODS, SCAS with REP/REPE/REPNE. rSI, rDI and rCX are updated after every
    /// element, so a fault part-way leaves them consistent and the instruction restarts where it stopped.
    /// </summary>
    private StepOutcome ExecuteString(ref Instruction ins)
    {
        var size = MemorySizes[(int)ins.MemorySize];
        var addressSize = StringAddressSize(ref ins);
        var mask = SizeMask(addressSize);
        var repeat = ins.HasRepPrefix || ins.HasRepnePrefix;
        var whileEqual = !ins.HasRepnePrefix;
        var step = (_state.RFlags & Cpu.RFlags.DF) != 0 ? (ulong)-size : (ulong)size;
        var source = SegmentIndex(ins.MemorySegment);
        var kind = StringKind(ins.Mnemonic);
        var compares = kind is 1 or 4;

        for (var i = 0; i < RepChunk; i++)
        {
            if (repeat && (_state.Gpr[1] & mask) == 0)
                return StepOutcome.Next;
            var si = _state.Gpr[6] & mask;
            var di = _state.Gpr[7] & mask;
            switch (kind)
            {
                case 0: // MOVS
                    if (!ReadSeg(source, si, size, out var moved) || !WriteSeg(EsIndex, di, size, moved))
                        return Stopped;
                    SetGprSized(6, addressSize, si + step);
                    SetGprSized(7, addressSize, di + step);
                    break;
                case 1: // CMPS
                    if (!ReadSeg(source, si, size, out var left) || !ReadSeg(EsIndex, di, size, out var right))
                        return Stopped;
                    Alu.Sub(size, left, right, ref _state.RFlags);
                    SetGprSized(6, addressSize, si + step);
                    SetGprSized(7, addressSize, di + step);
                    break;
                case 2: // STOS
                    if (!WriteSeg(EsIndex, di, size, _state.Gpr[0]))
                        return Stopped;
                    SetGprSized(7, addressSize, di + step);
                    break;
                case 3: // LODS
                    if (!ReadSeg(source, si, size, out var loaded))
                        return Stopped;
                    SetGprSized(0, size, loaded);
                    SetGprSized(6, addressSize, si + step);
                    break;
                default: // SCAS
                    if (!ReadSeg(EsIndex, di, size, out var scanned))
                        return Stopped;
                    Alu.Sub(size, _state.Gpr[0] & SizeMask(size), scanned, ref _state.RFlags);
                    SetGprSized(7, addressSize, di + step);
                    break;
            }
            if (!repeat)
                return StepOutcome.Next;
            SetGprSized(1, addressSize, _state.Gpr[1] - 1);
            if (compares && ((_state.RFlags & Cpu.RFlags.ZF) != 0) != whileEqual)
                return StepOutcome.Next;
            // A store into decoded code: the rest of the string runs from a freshly decoded block.
            if (_codeWritten)
                break;
        }
        // Not finished: run this instruction again from the top of a fresh block.
        return (_state.Gpr[1] & mask) != 0 ? Branch(_state.Rip) : StepOutcome.Next;
    }

    private static int StringKind(Mnemonic mnemonic) => mnemonic switch
    {
        Mnemonic.Movsb or Mnemonic.Movsw or Mnemonic.Movsd or Mnemonic.Movsq => 0,
        Mnemonic.Cmpsb or Mnemonic.Cmpsw or Mnemonic.Cmpsd or Mnemonic.Cmpsq => 1,
        Mnemonic.Stosb or Mnemonic.Stosw or Mnemonic.Stosd or Mnemonic.Stosq => 2,
        Mnemonic.Lodsb or Mnemonic.Lodsw or Mnemonic.Lodsd or Mnemonic.Lodsq => 3,
        _ => 4,
    };
}
