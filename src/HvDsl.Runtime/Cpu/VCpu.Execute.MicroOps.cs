using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Runs a block's micro-ops; fast kinds inline, the rest through <see cref="Execute"/> on the Iced instruction.</summary>
    /// <remarks>
    /// RIP, RFLAGS and the instruction count live in locals while register-only micro-ops run (they cannot
    /// fault); they are written back before anything that can fault, exit or look at them. Below
    /// <see cref="_chainUntil"/> the loop goes straight on into the linked next block: the run loop's checks
    /// between blocks would find what they found before this one. Returns <see cref="StepOutcome.Exit"/> when an exit
    /// is recorded for the run loop to hand out, else Next.
    /// </remarks>
    private StepOutcome ExecuteBlock(DecodedBlock block, ulong limit)
    {
        var start = _state.Instructions;
        _codeWritten = false;
        ref var gpr = ref _state.Gpr[0];
        var rip = _state.Rip;
        var flags = _state.RFlags;
        var pending = default(PendingFlags);
    RunBlock:
        var count = (int)Math.Min((ulong)block.Count, limit - start);
        // Micro-op indexes are below MaxBlockLength and register indexes below 16, both by construction.
        ref var ops = ref MemoryMarshal.GetArrayDataReference(block.Ops);
        var i = 0;
        for (; i < count; i++)
        {
            ref var op = ref Unsafe.Add(ref ops, i);
            switch (op.Kind)
            {
                case MicroOpKind.AluRegReg:
                    Arithmetic(ref op, ref Unsafe.Add(ref gpr, op.Dst), Unsafe.Add(ref gpr, op.Src) & SizeMask(op.Size), flags, ref pending);
                    break;
                case MicroOpKind.AluRegImm:
                    Arithmetic(ref op, ref Unsafe.Add(ref gpr, op.Dst), op.Imm, flags, ref pending);
                    break;
                case MicroOpKind.Inc:
                case MicroOpKind.Dec:
                {
                    ref var slot = ref Unsafe.Add(ref gpr, op.Dst);
                    var size = op.Size;
                    var value = slot & SizeMask(size);
                    var inc = op.Kind == MicroOpKind.Inc;
                    var result = (inc ? value + 1 : value - 1) & SizeMask(size);
                    pending.Set(inc ? FlagSource.Inc : FlagSource.Dec, size, value, pending.Carry(flags), result);
                    WriteSized(ref slot, size, result);
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
                case MicroOpKind.StoreImm:
                    Enter(i, rip, op.NextRip, start);
                    if (!(op.Kind == MicroOpKind.Load
                            ? Load(ref op, ref gpr)
                            : WriteSeg(op.Segment, Address(ref op, ref gpr), op.Size, op.Kind == MicroOpKind.Store ? Unsafe.Add(ref gpr, op.Src) : op.Value))
                        || _codeWritten)
                    {
                        // Stopped is the fault or exit the access recorded, or Next when it completed but wrote this block's code.
                        _state.RFlags = pending.Resolve(flags);
                        return FinishInstruction(Stopped);
                    }
                    break;
                case MicroOpKind.AluMem:
                case MicroOpKind.AluRegMem:
                    Enter(i, rip, op.NextRip, start);
                    if (!MemoryOperand(ref op, ref gpr, flags, ref pending) || _codeWritten)
                    {
                        _state.RFlags = pending.Resolve(flags);
                        return FinishInstruction(Stopped);
                    }
                    break;
                case MicroOpKind.Jcc:
                    if (pending.Condition(op.Op, flags))
                    {
                        rip = op.Imm;
                        i++;
                        goto BlockEnd;
                    }
                    break;
                case MicroOpKind.Jmp:
                    rip = op.Imm;
                    i++;
                    goto BlockEnd;
                case MicroOpKind.Loop:
                {
                    ref var rcx = ref Unsafe.Add(ref gpr, 1);
                    var remaining = (rcx - 1) & SizeMask(op.Size);
                    WriteSized(ref rcx, op.Size, remaining);
                    if (remaining != 0)
                    {
                        rip = op.Imm;
                        i++;
                        goto BlockEnd;
                    }
                    break;
                }
                case MicroOpKind.Nop:
                    break;
                default:
                    Enter(i, rip, op.NextRip, start);
                    _state.RFlags = pending.Resolve(flags);
                    pending.Source = FlagSource.None;
                    // A handler may touch devices, flags or the interrupt state: the run loop looks again after this block.
                    _chainUntil = 0;
                    var outcome = Execute(ref block.Code[i]);
                    if (outcome != StepOutcome.Next || _codeWritten)
                        return FinishInstruction(outcome);
                    rip = _nextRip;
                    flags = _state.RFlags;
                    continue;
            }
            rip = op.NextRip;
        }
        // The limit stopped the block short of its end: a budget stop here holds events until that end.
        if (i < block.Count)
            _cut = (start + (ulong)i, rip, block.Count - i);
    BlockEnd:
        start += (ulong)i;
        if (start < _chainUntil && start < limit && LinkedBlock(block, rip) is { } next)
        {
            if (_threshold == 0 || next.Interpreted(_threshold))
            {
                block = next;
                goto RunBlock;
            }
            // The successor is translated or just became hot: RunBlock runs it.
            _handOver = next;
        }
        Leave(rip, pending.Resolve(flags), start);
        return StepOutcome.Next;
    }

    /// <summary>
    /// The block linked after <paramref name="block"/> that starts at <paramref name="rip"/>, if it is
    /// current (the same checks as <see cref="NextBlock"/>'s link) and runs in the block loop; it becomes the running block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private DecodedBlock? LinkedBlock(DecodedBlock block, ulong rip)
    {
        var link = Successor(block, rip);
        if (link is null || link.Trapped
            || link.Generation != Memory.CodeGeneration[link.Phys >> 12] || link.TrapVersion != Vm.Traps.Version)
            return null;
        _block = link;
        return link;
    }

    /// <summary>Publishes the block loop's locals before micro-op <paramref name="index"/> runs code that may fault or exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter(int index, ulong rip, ulong nextRip, ulong start)
    {
        _index = index;
        _state.Rip = rip;
        _nextRip = nextRip;
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
    /// An ALU operation with a memory operand; false with a pending fault or exit, and then neither memory, the register
    /// nor <paramref name="pending"/> changed.
    /// </summary>
    private bool MemoryOperand(ref MicroOp op, ref ulong gpr, ulong flags, ref PendingFlags pending)
    {
        var offset = Address(ref op, ref gpr);
        if (!ReadSeg(op.Segment, offset, op.Size, out var memory))
            return false;
        var size = op.Size;
        var aluOp = (AluOp)op.Op;
        var next = pending;
        if (op.Kind == MicroOpKind.AluRegMem)
        {
            ref var destination = ref Unsafe.Add(ref gpr, op.Dst);
            var value = Compute(aluOp, size, destination & SizeMask(size), memory, flags, ref next);
            if (aluOp < AluOp.Cmp)
                WriteSized(ref destination, size, value);
        }
        else
        {
            var source = op.Src == MicroOp.NoRegister ? op.Value : Unsafe.Add(ref gpr, op.Src) & SizeMask(size);
            var value = Compute(aluOp, size, memory, source, flags, ref next);
            if (aluOp < AluOp.Cmp && !WriteSeg(op.Segment, offset, size, value))
                return false;
        }
        pending = next;
        return true;
    }

    /// <summary>A register-destination ALU operation; CMP and TEST only set flags.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Arithmetic(ref MicroOp op, ref ulong destination, ulong source, ulong flags, ref PendingFlags pending)
    {
        var size = op.Size;
        var result = Compute((AluOp)op.Op, size, destination & SizeMask(size), source, flags, ref pending);
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

    /// <summary>
    /// The two-operand ALU operations by <see cref="AluOp"/>: the result, with its flags left in <paramref name="pending"/>;
    /// ADC and SBB take CF from <paramref name="pending"/> over <paramref name="flags"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Compute(AluOp op, int size, ulong a, ulong b, ulong flags, ref PendingFlags pending)
    {
        var mask = SizeMask(size);
        ulong result;
        switch (op)
        {
            case AluOp.Add:
            case AluOp.Adc:
                result = (a + b + (op == AluOp.Adc ? pending.Carry(flags) : 0)) & mask;
                pending.Set(FlagSource.Add, size, a, b, result);
                return result;
            case AluOp.Sub:
            case AluOp.Sbb:
            case AluOp.Cmp:
                result = (a - b - (op == AluOp.Sbb ? pending.Carry(flags) : 0)) & mask;
                pending.Set(FlagSource.Sub, size, a, b, result);
                return result;
            case AluOp.And:
            case AluOp.Test:
                result = a & b;
                break;
            case AluOp.Or:
                result = a | b;
                break;
            default:
                result = a ^ b;
                break;
        }
        pending.Set(FlagSource.Logic, size, 0, 0, result & mask);
        return result & mask;
    }
}
