using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Runs a block's micro-ops; fast kinds inline, the rest through <see cref="Execute"/> on the Iced instruction.</summary>
    private void ExecuteBlock(DecodedBlock block, ulong limit)
    {
        var count = (int)Math.Min((ulong)block.Count, limit - _instructions);
        // Micro-op indexes are below MaxBlockLength and register indexes below 16, both by construction.
        ref var ops = ref MemoryMarshal.GetArrayDataReference(block.Ops);
        ref var gpr = ref MemoryMarshal.GetArrayDataReference(_gpr);
        for (var i = 0; i < count; i++)
        {
            ref var op = ref Unsafe.Add(ref ops, i);
            _instructions++;
            switch (op.Kind)
            {
                case MicroOpKind.AluRegReg:
                    Arithmetic(ref op, ref Unsafe.Add(ref gpr, op.Dst), Unsafe.Add(ref gpr, op.Src) & SizeMask(op.Size));
                    break;
                case MicroOpKind.AluRegImm:
                    Arithmetic(ref op, ref Unsafe.Add(ref gpr, op.Dst), op.Imm);
                    break;
                case MicroOpKind.Inc:
                {
                    ref var slot = ref Unsafe.Add(ref gpr, op.Dst);
                    WriteSized(ref slot, op.Size, Alu.Inc(op.Size, slot & SizeMask(op.Size), ref _flags));
                    break;
                }
                case MicroOpKind.Dec:
                {
                    ref var slot = ref Unsafe.Add(ref gpr, op.Dst);
                    WriteSized(ref slot, op.Size, Alu.Dec(op.Size, slot & SizeMask(op.Size), ref _flags));
                    break;
                }
                case MicroOpKind.MovRegReg:
                    WriteSized(ref Unsafe.Add(ref gpr, op.Dst), op.Size, Unsafe.Add(ref gpr, op.Src));
                    break;
                case MicroOpKind.MovRegImm:
                    WriteSized(ref Unsafe.Add(ref gpr, op.Dst), op.Size, op.Imm);
                    break;
                case MicroOpKind.Lea:
                    WriteSized(ref Unsafe.Add(ref gpr, op.Dst), op.Size, Address(ref op, ref gpr));
                    break;
                case MicroOpKind.Load:
                    _index = i;
                    _nextRip = op.NextRip;
                    if (!ReadSeg(op.Segment, Address(ref op, ref gpr), op.Size, out var loaded) || _status != 0)
                    {
                        FinishInstruction();
                        return;
                    }
                    WriteSized(ref Unsafe.Add(ref gpr, op.Dst), op.Size, loaded);
                    break;
                case MicroOpKind.Store:
                    _index = i;
                    _nextRip = op.NextRip;
                    if (!WriteSeg(op.Segment, Address(ref op, ref gpr), op.Size, Unsafe.Add(ref gpr, op.Src)) || _status != 0)
                    {
                        FinishInstruction();
                        return;
                    }
                    break;
                case MicroOpKind.Jcc:
                    if (Alu.Condition(op.Op, _flags))
                    {
                        _rip = op.Imm;
                        return;
                    }
                    break;
                case MicroOpKind.Jmp:
                    _rip = op.Imm;
                    return;
                case MicroOpKind.Loop:
                {
                    ref var rcx = ref Unsafe.Add(ref gpr, 1);
                    var remaining = (rcx - 1) & SizeMask(op.Size);
                    WriteSized(ref rcx, op.Size, remaining);
                    if (remaining != 0)
                    {
                        _rip = op.Imm;
                        return;
                    }
                    break;
                }
                case MicroOpKind.Nop:
                    break;
                default:
                    _index = i;
                    _nextRip = op.NextRip;
                    Execute(ref block.Code[i]);
                    if (_status != 0)
                    {
                        FinishInstruction();
                        return;
                    }
                    _rip = _nextRip;
                    continue;
            }
            _rip = op.NextRip;
        }
    }

    /// <summary>A register-destination ALU operation; CMP and TEST only set flags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Arithmetic(ref MicroOp op, ref ulong destination, ulong source)
    {
        var size = op.Size;
        var result = Compute((AluOp)op.Op, size, destination & SizeMask(size), source, ref _flags);
        if ((AluOp)op.Op < AluOp.Cmp)
            WriteSized(ref destination, size, result);
    }

    /// <summary>The memory operand's offset: displacement, base and scaled index, wrapped to the address size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Address(ref MicroOp op, ref ulong gpr)
    {
        var offset = op.Imm;
        if (op.Base != MicroOp.NoRegister)
            offset += Unsafe.Add(ref gpr, op.Base);
        if (op.Index != MicroOp.NoRegister)
            offset += Unsafe.Add(ref gpr, op.Index) << op.Scale;
        return offset & op.AddressMask;
    }

    /// <summary>The two-operand ALU operations by <see cref="AluOp"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Compute(AluOp op, int size, ulong a, ulong b, ref ulong flags) => op switch
    {
        AluOp.Add => Alu.Add(size, a, b, ref flags),
        AluOp.Adc => Alu.Adc(size, a, b, ref flags),
        AluOp.Sub or AluOp.Cmp => Alu.Sub(size, a, b, ref flags),
        AluOp.Sbb => Alu.Sbb(size, a, b, ref flags),
        AluOp.And or AluOp.Test => Alu.And(size, a, b, ref flags),
        AluOp.Or => Alu.Or(size, a, b, ref flags),
        _ => Alu.Xor(size, a, b, ref flags),
    };
}
