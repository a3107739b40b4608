using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Runs a block's micro-ops; fast kinds inline, the rest through <see cref="Execute"/> on the Iced instruction.</summary>
    /// <remarks>
    /// RIP, RFLAGS and the instruction count live in locals while register-only micro-ops run (they cannot
    /// fault); they are written back before anything that can fault, exit or look at them.
    /// </remarks>
    private void ExecuteBlock(DecodedBlock block, ulong limit)
    {
        var start = _state.Instructions;
        var count = (int)Math.Min((ulong)block.Count, limit - start);
        // Micro-op indexes are below MaxBlockLength and register indexes below 16, both by construction.
        ref var ops = ref MemoryMarshal.GetArrayDataReference(block.Ops);
        ref var gpr = ref _state.Gpr[0];
        var rip = _state.Rip;
        var flags = _state.RFlags;
        var i = 0;
        for (; i < count; i++)
        {
            ref var op = ref Unsafe.Add(ref ops, i);
            switch (op.Kind)
            {
                case MicroOpKind.AluRegReg:
                    Arithmetic(ref op, ref Unsafe.Add(ref gpr, op.Dst), Unsafe.Add(ref gpr, op.Src) & SizeMask(op.Size), ref flags);
                    break;
                case MicroOpKind.AluRegImm:
                    Arithmetic(ref op, ref Unsafe.Add(ref gpr, op.Dst), op.Imm, ref flags);
                    break;
                case MicroOpKind.Inc:
                {
                    ref var slot = ref Unsafe.Add(ref gpr, op.Dst);
                    WriteSized(ref slot, op.Size, Alu.Inc(op.Size, slot & SizeMask(op.Size), ref flags));
                    break;
                }
                case MicroOpKind.Dec:
                {
                    ref var slot = ref Unsafe.Add(ref gpr, op.Dst);
                    WriteSized(ref slot, op.Size, Alu.Dec(op.Size, slot & SizeMask(op.Size), ref flags));
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
                case MicroOpKind.Store:
                    Enter(i, rip, op.NextRip, flags, start);
                    if (!(op.Kind == MicroOpKind.Load ? Load(ref op, ref gpr) : WriteSeg(op.Segment, Address(ref op, ref gpr), op.Size, Unsafe.Add(ref gpr, op.Src)))
                        || _status != 0)
                    {
                        FinishInstruction();
                        return;
                    }
                    break;
                case MicroOpKind.StoreImm:
                case MicroOpKind.AluMem:
                case MicroOpKind.AluRegMem:
                    Enter(i, rip, op.NextRip, flags, start);
                    if (!MemoryOperand(ref op, ref gpr, ref flags) || _status != 0)
                    {
                        FinishInstruction();
                        return;
                    }
                    break;
                case MicroOpKind.Jcc:
                    if (Alu.Condition(op.Op, flags))
                    {
                        Leave(op.Imm, flags, start + (ulong)i + 1);
                        return;
                    }
                    break;
                case MicroOpKind.Jmp:
                    Leave(op.Imm, flags, start + (ulong)i + 1);
                    return;
                case MicroOpKind.Loop:
                {
                    ref var rcx = ref Unsafe.Add(ref gpr, 1);
                    var remaining = (rcx - 1) & SizeMask(op.Size);
                    WriteSized(ref rcx, op.Size, remaining);
                    if (remaining != 0)
                    {
                        Leave(op.Imm, flags, start + (ulong)i + 1);
                        return;
                    }
                    break;
                }
                case MicroOpKind.Nop:
                    break;
                default:
                    Enter(i, rip, op.NextRip, flags, start);
                    Execute(ref block.Code[i]);
                    if (_status != 0)
                    {
                        FinishInstruction();
                        return;
                    }
                    rip = _nextRip;
                    flags = _state.RFlags;
                    continue;
            }
            rip = op.NextRip;
        }
        Leave(rip, flags, start + (ulong)i);
    }

    /// <summary>Publishes the block loop's locals before micro-op <paramref name="index"/> runs code that may fault or exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter(int index, ulong rip, ulong nextRip, ulong flags, ulong start)
    {
        _index = index;
        _state.Rip = rip;
        _nextRip = nextRip;
        _state.RFlags = flags;
        _state.Instructions = start + (ulong)index + 1;
    }

    /// <summary>Publishes the block loop's locals when it leaves the block at <paramref name="rip"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Leave(ulong rip, ulong flags, ulong instructions)
    {
        _state.Rip = rip;
        _state.RFlags = flags;
        _state.Instructions = instructions;
    }

    /// <summary>MOV register from memory; false with a pending fault or exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Load(ref MicroOp op, ref ulong gpr)
    {
        if (!ReadSeg(op.Segment, Address(ref op, ref gpr), op.Size, out var value))
            return false;
        WriteSized(ref Unsafe.Add(ref gpr, op.Dst), op.Size, value);
        return true;
    }

    /// <summary>
    /// A store of an immediate or an ALU operation with a memory operand; false with a pending fault or exit, and then
    /// neither memory, the register nor <paramref name="flags"/> changed. On success the new flags are published too.
    /// </summary>
    private bool MemoryOperand(ref MicroOp op, ref ulong gpr, ref ulong flags)
    {
        var offset = Address(ref op, ref gpr);
        if (op.Kind == MicroOpKind.StoreImm)
            return WriteSeg(op.Segment, offset, op.Size, op.Value);
        if (!ReadSeg(op.Segment, offset, op.Size, out var memory))
            return false;
        var size = op.Size;
        var aluOp = (AluOp)op.Op;
        var result = flags;
        if (op.Kind == MicroOpKind.AluRegMem)
        {
            ref var destination = ref Unsafe.Add(ref gpr, op.Dst);
            var value = Compute(aluOp, size, destination & SizeMask(size), memory, ref result);
            if (aluOp < AluOp.Cmp)
                WriteSized(ref destination, size, value);
        }
        else
        {
            var source = op.Src == MicroOp.NoRegister ? op.Value : Unsafe.Add(ref gpr, op.Src) & SizeMask(size);
            var value = Compute(aluOp, size, memory, source, ref result);
            if (aluOp < AluOp.Cmp && !WriteSeg(op.Segment, offset, size, value))
                return false;
        }
        flags = result;
        _state.RFlags = result;
        return true;
    }

    /// <summary>A register-destination ALU operation; CMP and TEST only set flags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Arithmetic(ref MicroOp op, ref ulong destination, ulong source, ref ulong flags)
    {
        var size = op.Size;
        var result = Compute((AluOp)op.Op, size, destination & SizeMask(size), source, ref flags);
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
