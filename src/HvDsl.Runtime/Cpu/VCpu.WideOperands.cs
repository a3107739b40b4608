using System;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.State;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>XMM register <paramref name="register"/> (XMM0..XMM15) in the state.</summary>
    internal ref UInt128 Xmm(Register register) => ref _state.Xmm[register - Register.XMM0];

    /// <summary>x87 stack register ST(<paramref name="i"/>): physical register (TOP + i) mod 8, TOP being FSW bits 13:11.</summary>
    internal ref X87Register St(int i) => ref _state.St[((_state.Fsw >> 11) + i) & 7];

    /// <summary>Reads operand <paramref name="op"/> as 128 bits: an XMM register, or 16 bytes of memory (on a 16-byte boundary when <paramref name="aligned"/>).</summary>
    internal bool ReadOp128(ref Instruction ins, int op, bool aligned, out UInt128 value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            value = Xmm(ins.GetOpRegister(op));
            return true;
        }
        return Read128(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), aligned, out value);
    }

    /// <summary>Writes operand <paramref name="op"/> as 128 bits: an XMM register, or 16 bytes of memory (on a 16-byte boundary when <paramref name="aligned"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool WriteOp128(ref Instruction ins, int op, UInt128 value, bool aligned)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            Xmm(ins.GetOpRegister(op)) = value;
            return true;
        }
        return Write128(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), value, aligned);
    }

    /// <summary>Reads the instruction's 80-bit memory operand (FLD m80, FBLD).</summary>
    internal bool ReadMemory80(ref Instruction ins, out X87Register value) =>
        Read80(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), out value);

    /// <summary>Writes the instruction's 80-bit memory operand (FSTP m80, FBSTP).</summary>
    internal bool WriteMemory80(ref Instruction ins, in X87Register value) =>
        Write80(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), value);

    /// <summary>Reads the instruction's memory operand as a block (FXRSTOR's 512 bytes, FRSTOR's 94 or 108, FLDENV's 14 or 28).</summary>
    internal bool ReadMemoryBlock(ref Instruction ins, Span<byte> destination, int alignment = 1) =>
        ReadBlock(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), destination, alignment);

    /// <summary>Writes the instruction's memory operand as a block, all of it or (on a fault) none.</summary>
    internal bool WriteMemoryBlock(ref Instruction ins, ReadOnlySpan<byte> source, int alignment = 1) =>
        WriteBlock(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), source, alignment);
}
