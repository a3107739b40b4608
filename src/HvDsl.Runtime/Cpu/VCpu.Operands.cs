using System.Runtime.CompilerServices;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The memory operand's offset in its segment, wrapped to the address size.</summary>
    private ulong EffectiveOffset(ref Instruction ins)
    {
        var ea = ins.MemoryDisplacement64;
        var mask = ulong.MaxValue;
        var baseRegister = ins.MemoryBase;
        var index = ins.MemoryIndex;
        if (baseRegister != Register.None)
        {
            if (baseRegister == Register.RIP)
                return ea;
            if (baseRegister == Register.EIP)
                return (uint)ea;
            var info = GprInfo[(int)baseRegister];
            ea += _state.Gpr[info.Index];
            mask = info.Mask;
        }
        if (index != Register.None)
        {
            var info = GprInfo[(int)index];
            ea += (_state.Gpr[info.Index] & info.Mask) * (ulong)ins.MemoryIndexScale;
            if (baseRegister == Register.None)
                mask = info.Mask;
        }
        else if (baseRegister == Register.None)
            mask = ins.MemoryDisplSize switch { 2 => 0xFFFF, 4 => 0xFFFFFFFF, _ => ulong.MaxValue };
        return ea & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SegmentIndex(Register segment) => segment - Register.ES;

    /// <summary>Reads the instruction's memory operand.</summary>
    private bool ReadMemory(ref Instruction ins, int size, out ulong value) =>
        ReadSeg(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), size, out value);

    /// <summary>Writes the instruction's memory operand.</summary>
    private bool WriteMemory(ref Instruction ins, int size, ulong value) =>
        WriteSeg(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), size, value);

    /// <summary>Operand size of operand 0 in bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Size0(ref Instruction ins) =>
        ins.Op0Kind == OpKind.Register ? GprInfo[(int)ins.Op0Register].Size : MemorySizes[(int)ins.MemorySize];

    /// <summary>Reads operand <paramref name="op"/> (register, memory or immediate) at <paramref name="size"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool ReadOp(ref Instruction ins, int op, int size, out ulong value)
    {
        var kind = op == 0 ? ins.Op0Kind : op == 1 ? ins.Op1Kind : ins.GetOpKind(op);
        switch (kind)
        {
            case OpKind.Register:
                value = Gpr(op == 0 ? ins.Op0Register : op == 1 ? ins.Op1Register : ins.GetOpRegister(op));
                return true;
            case OpKind.Memory:
                return ReadMemory(ref ins, size, out value);
            default:
                value = ins.GetImmediate(op) & SizeMask(size);
                return true;
        }
    }

    /// <summary>Writes operand 0 (register or memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WriteOp0(ref Instruction ins, int size, ulong value)
    {
        if (ins.Op0Kind == OpKind.Register)
        {
            SetGpr(ins.Op0Register, value);
            return true;
        }
        return WriteMemory(ref ins, size, value);
    }

    /// <summary>Writes operand <paramref name="op"/> when it is a register, else memory.</summary>
    private bool WriteOp(ref Instruction ins, int op, int size, ulong value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            SetGpr(ins.GetOpRegister(op), value);
            return true;
        }
        return WriteMemory(ref ins, size, value);
    }
}
