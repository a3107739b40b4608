using System;
using System.Runtime.CompilerServices;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>Whether <paramref name="register"/> is MM0..MM7.</summary>
    private static bool IsMm(Register register) => register is >= Register.MM0 and <= Register.MM7;

    /// <summary>
    /// The checks of a packed integer instruction, by its register file: an MMX form (any operand an MM register: 8-byte
    /// lanes image) makes the MMX checks and the x87-to-MMX transition, an XMM form (16 bytes) the SSE checks.
    /// </summary>
    private bool PackedBegin(ref Instruction ins, out int bytes)
    {
        bytes = 16;
        for (var op = 0; op < ins.OpCount; op++)
        {
            if (ins.GetOpKind(op) == OpKind.Register && IsMm(ins.GetOpRegister(op)))
                bytes = 8;
        }
        if (bytes == 16)
            return SseAvailable();
        if (!MmxAvailable())
            return false;
        EnterMmx();
        return true;
    }

    /// <summary>Reads packed operand <paramref name="op"/>: an MM or XMM register, m64 (MMX) or aligned m128 (SSE), or an immediate.</summary>
    private bool ReadPacked(ref Instruction ins, int op, int bytes, out UInt128 value)
    {
        switch (ins.GetOpKind(op))
        {
            case OpKind.Register:
                value = Packed(ins.GetOpRegister(op));
                return true;
            case OpKind.Memory when bytes == 8:
                var ok = ReadMemory(ref ins, 8, out var low);
                value = low;
                return ok;
            case OpKind.Memory:
                return ReadXmm(ref ins, op, out value);
            default:
                value = ins.GetImmediate(op);
                return true;
        }
    }

    /// <summary>An MM register (zero-extended) or XMM register's contents.</summary>
    private UInt128 Packed(Register register) => IsMm(register) ? Mm(register) : Xmm(register);

    /// <summary>Sets an MM register (the low 8 bytes of <paramref name="value"/>) or XMM register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SetPacked(Register register, UInt128 value)
    {
        if (IsMm(register))
            SetMm(register, (ulong)value);
        else
            Xmm(register) = value;
    }
}
