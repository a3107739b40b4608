using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// FOP, the 11 bits the x87 keeps of its last non-control instruction (SDM vol. 1 8.1.9): bits 10:8 the escape byte's
    /// low three bits, bits 7:0 the ModR/M byte, rebuilt from the decoded form since Iced keeps no instruction bytes.
    /// </summary>
    private int X87Opcode(ref Instruction ins)
    {
        var info = ins.OpCode;
        var opcode = (int)info.OpCode;
        if (ins.Op0Kind == OpKind.Memory || ins.Op1Kind == OpKind.Memory)
            return (opcode & 7) << 8 | info.GroupIndex << 3 | MemoryModRm(ref ins);
        // Iced names a register form by both bytes (D9 E0, or D8 C0 for D8 C0+i with ST(i) added).
        return (opcode >> 8 & 7) << 8 | (opcode & 0xFF) + StackOperandIndex(ref ins);
    }

    /// <summary>The i of the ST(i) operand, the one of ST(0), ST(i) that the ModR/M byte encodes; 0 for a form without one.</summary>
    private static int StackOperandIndex(ref Instruction ins)
    {
        var index = 0;
        for (var op = 0; op < ins.OpCount; op++)
        {
            if (ins.GetOpKind(op) == OpKind.Register && ins.GetOpRegister(op) is >= Register.ST0 and <= Register.ST7 and var st)
                index = int.Max(index, st - Register.ST0);
        }
        return index;
    }

    /// <summary>The mod and r/m fields of a memory operand's ModR/M byte, as an assembler encodes its address.</summary>
    private int MemoryModRm(ref Instruction ins)
    {
        var displacement = ins.MemoryDisplSize;
        var baseRegister = ins.MemoryBase;
        var index = ins.MemoryIndex;
        if (displacement == 2 || baseRegister is Register.BX or Register.BP or Register.SI or Register.DI)
        {
            // 16-bit addressing: r/m names the base and index pair; [disp16] alone is mod 0, r/m 6.
            var pair = (baseRegister, index) switch
            {
                (Register.BX, Register.SI) => 0, (Register.BX, Register.DI) => 1, (Register.BP, Register.SI) => 2,
                (Register.BP, Register.DI) => 3, (Register.SI, _) => 4, (Register.DI, _) => 5, (Register.BP, _) => 6,
                (Register.BX, _) => 7, _ => -1,
            };
            return pair < 0 ? 6 : (displacement == 0 ? 0 : displacement == 1 ? 0x40 : 0x80) | pair;
        }
        var mod = displacement == 0 ? 0 : displacement == 1 ? 0x40 : baseRegister == Register.None || ins.IsIPRelativeMemoryOperand ? 0 : 0x80;
        if (ins.IsIPRelativeMemoryOperand)
            return 5;
        if (index != Register.None || baseRegister is Register.ESP or Register.RSP or Register.R12D or Register.R12)
            return mod | 4;
        // [disp32] alone: r/m 5 outside 64-bit mode, where r/m 5 means RIP-relative and a SIB byte carries it instead.
        if (baseRegister == Register.None)
            return _codeBitness == 64 ? 4 : 5;
        return mod | baseRegister.GetNumber() & 7;
    }
}
