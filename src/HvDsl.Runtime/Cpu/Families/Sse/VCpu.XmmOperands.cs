using System;
using System.Runtime.CompilerServices;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>
    /// Reads a 128-bit SSE operand: an XMM register, or m128, which legacy SSE demands on a 16-byte boundary (#GP(0)
    /// otherwise); only the unaligned forms (MOVUPS, MOVUPD, MOVDQU, MASKMOVDQU) pass <paramref name="aligned"/> false.
    /// </summary>
    internal bool ReadXmm(ref Instruction ins, int op, out UInt128 value, bool aligned = true) => ReadOp128(ref ins, op, aligned, out value);

    /// <summary>Writes a 128-bit SSE operand: a whole XMM register, or m128 under the alignment rule of <see cref="ReadXmm"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool WriteXmm(ref Instruction ins, int op, UInt128 value, bool aligned = true) => WriteOp128(ref ins, op, value, aligned);

    /// <summary>Reads a 64-bit SSE operand: the low quadword of an XMM register, or m64 at any alignment.</summary>
    internal bool ReadXmm64(ref Instruction ins, int op, out ulong value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            value = (ulong)Xmm(ins.GetOpRegister(op));
            return true;
        }
        return ReadMemory(ref ins, 8, out value);
    }

    /// <summary>Reads a 32-bit SSE operand: the low doubleword of an XMM register, or m32 at any alignment.</summary>
    internal bool ReadXmm32(ref Instruction ins, int op, out uint value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            value = (uint)Xmm(ins.GetOpRegister(op));
            return true;
        }
        var ok = ReadMemory(ref ins, 4, out var wide);
        value = (uint)wide;
        return ok;
    }

    /// <summary>Writes a 64-bit SSE result: into an XMM register's low quadword, its high quadword kept (scalar double forms), or to m64.</summary>
    internal bool WriteXmm64(ref Instruction ins, int op, ulong value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            ref var xmm = ref Xmm(ins.GetOpRegister(op));
            xmm = WithLow64(xmm, value);
            return true;
        }
        return WriteMemory(ref ins, 8, value);
    }

    /// <summary>Writes a 32-bit SSE result: into an XMM register's low doubleword, bits 127:32 kept (scalar single forms), or to m32.</summary>
    internal bool WriteXmm32(ref Instruction ins, int op, uint value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            ref var xmm = ref Xmm(ins.GetOpRegister(op));
            xmm = (xmm & ~(UInt128)uint.MaxValue) | value;
            return true;
        }
        return WriteMemory(ref ins, 4, value);
    }

    /// <summary><paramref name="xmm"/> with its low quadword replaced by <paramref name="low"/>.</summary>
    internal static UInt128 WithLow64(UInt128 xmm, ulong low) => new((ulong)(xmm >> 64), low);

    /// <summary><paramref name="xmm"/> with its high quadword replaced by <paramref name="high"/>.</summary>
    internal static UInt128 WithHigh64(UInt128 xmm, ulong high) => new(high, (ulong)xmm);
}
