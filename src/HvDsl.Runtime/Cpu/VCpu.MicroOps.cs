using System.Numerics;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Pre-decodes an instruction for the block's fast paths; anything unusual stays <see cref="MicroOpKind.Generic"/>.</summary>
    private MicroOp BuildMicroOp(ref Instruction ins)
    {
        var op = new MicroOp { NextRip = ins.NextIP & _ipMask };
        var mnemonic = ins.Mnemonic;
        switch (mnemonic)
        {
            case Mnemonic.Add: case Mnemonic.Adc: case Mnemonic.Sub: case Mnemonic.Sbb:
            case Mnemonic.And: case Mnemonic.Or: case Mnemonic.Xor: case Mnemonic.Cmp: case Mnemonic.Test:
                op.Op = (byte)AluOpOf(mnemonic);
                if (ins.Op0Kind == OpKind.Memory)
                {
                    BuildAluMemory(ref ins, ref op);
                    break;
                }
                if (!FastRegister(ins, 0, ref op.Dst, ref op.Size))
                    break;
                if (ins.Op1Kind == OpKind.Memory)
                {
                    if (FastMemory(ref ins, ref op))
                        op.Kind = MicroOpKind.AluRegMem;
                }
                else if (ins.Op1Kind == OpKind.Register)
                {
                    byte size = 0;
                    if (FastRegister(ins, 1, ref op.Src, ref size))
                        op.Kind = MicroOpKind.AluRegReg;
                }
                else if (IsImmediate(ins.Op1Kind))
                {
                    op.Imm = ins.GetImmediate(1) & SizeMask(op.Size);
                    op.Kind = MicroOpKind.AluRegImm;
                }
                break;
            case Mnemonic.Inc:
            case Mnemonic.Dec:
                if (FastRegister(ins, 0, ref op.Dst, ref op.Size))
                    op.Kind = mnemonic == Mnemonic.Inc ? MicroOpKind.Inc : MicroOpKind.Dec;
                break;
            case Mnemonic.Mov:
                BuildMov(ref ins, ref op);
                break;
            case Mnemonic.Lea:
                if (FastRegister(ins, 0, ref op.Dst, ref op.Size) && FastMemory(ref ins, ref op))
                    op.Kind = MicroOpKind.Lea;
                break;
            case Mnemonic.Nop:
                op.Kind = MicroOpKind.Nop;
                break;
            case Mnemonic.Jo: case Mnemonic.Jno: case Mnemonic.Jb: case Mnemonic.Jae:
            case Mnemonic.Je: case Mnemonic.Jne: case Mnemonic.Jbe: case Mnemonic.Ja:
            case Mnemonic.Js: case Mnemonic.Jns: case Mnemonic.Jp: case Mnemonic.Jnp:
            case Mnemonic.Jl: case Mnemonic.Jge: case Mnemonic.Jle: case Mnemonic.Jg:
                op.Kind = MicroOpKind.Jcc;
                op.Op = (byte)(ins.ConditionCode - 1);
                op.Imm = ins.NearBranchTarget & _ipMask;
                break;
            case Mnemonic.Jmp when ins.Op0Kind is OpKind.NearBranch16 or OpKind.NearBranch32 or OpKind.NearBranch64:
                op.Kind = MicroOpKind.Jmp;
                op.Imm = ins.NearBranchTarget & _ipMask;
                break;
            case Mnemonic.In:
            case Mnemonic.Out:
                BuildPortIo(ref ins, ref op);
                break;
            case Mnemonic.Loop:
                op.Kind = MicroOpKind.Loop;
                op.Size = CountRegisterSize[(int)ins.Code];
                op.Imm = ins.NearBranchTarget & _ipMask;
                break;
        }
        return op;
    }

    /// <summary>MOV between general-purpose registers, from an immediate, or between a register and memory.</summary>
    private static void BuildMov(ref Instruction ins, ref MicroOp op)
    {
        byte size = 0;
        if (ins.Op0Kind == OpKind.Register)
        {
            if (!FastRegister(ins, 0, ref op.Dst, ref op.Size))
                return;
            if (ins.Op1Kind == OpKind.Register && FastRegister(ins, 1, ref op.Src, ref size))
                op.Kind = MicroOpKind.MovRegReg;
            else if (IsImmediate(ins.Op1Kind))
            {
                op.Imm = ins.GetImmediate(1) & SizeMask(op.Size);
                op.Kind = MicroOpKind.MovRegImm;
            }
            else if (ins.Op1Kind == OpKind.Memory && FastMemory(ref ins, ref op))
                op.Kind = MicroOpKind.Load;
            return;
        }
        if (ins.Op0Kind != OpKind.Memory)
            return;
        if (ins.Op1Kind == OpKind.Register)
        {
            if (FastRegister(ins, 1, ref op.Src, ref op.Size) && FastMemory(ref ins, ref op))
                op.Kind = MicroOpKind.Store;
        }
        else if (IsImmediate(ins.Op1Kind) && FastMemory(ref ins, ref op))
        {
            op.Size = (byte)MemorySizes[(int)ins.MemorySize];
            op.Value = ins.GetImmediate(1) & SizeMask(op.Size);
            if (op.Size is 1 or 2 or 4 or 8)
                op.Kind = MicroOpKind.StoreImm;
        }
    }

    /// <summary>An ALU operation on memory with a register or immediate source (no LOCK: a locked form stays generic).</summary>
    private static void BuildAluMemory(ref Instruction ins, ref MicroOp op)
    {
        if (ins.HasLockPrefix || !FastMemory(ref ins, ref op))
            return;
        op.Size = (byte)MemorySizes[(int)ins.MemorySize];
        if (op.Size is not (1 or 2 or 4 or 8))
            return;
        byte size = 0;
        if (ins.Op1Kind == OpKind.Register)
        {
            if (!FastRegister(ins, 1, ref op.Src, ref size))
                return;
        }
        else if (IsImmediate(ins.Op1Kind))
        {
            op.Src = MicroOp.NoRegister;
            op.Value = ins.GetImmediate(1) & SizeMask(op.Size);
        }
        else
            return;
        op.Kind = MicroOpKind.AluMem;
    }

    /// <summary>IN and OUT with the accumulator and an immediate or DX port: what a trapped port exit needs.</summary>
    private static void BuildPortIo(ref Instruction ins, ref MicroOp op)
    {
        var isIn = ins.Mnemonic == Mnemonic.In;
        var portKind = isIn ? ins.Op1Kind : ins.Op0Kind;
        op.Kind = isIn ? MicroOpKind.PortIn : MicroOpKind.PortOut;
        op.Size = (byte)GprInfo[(int)(isIn ? ins.Op0Register : ins.Op1Register)].Size;
        op.Src = portKind == OpKind.Register ? (byte)2 : MicroOp.NoRegister;
        op.Imm = portKind == OpKind.Register ? 0UL : ins.Immediate8;
    }

    /// <summary>A general-purpose register operand other than AH, CH, DH, BH (those live at bit 8).</summary>
    private static bool FastRegister(in Instruction ins, int operand, ref byte index, ref byte size)
    {
        if (ins.GetOpKind(operand) != OpKind.Register)
            return false;
        var info = GprInfo[(int)ins.GetOpRegister(operand)];
        if (info.Size == 0 || info.Shift != 0)
            return false;
        index = (byte)info.Index;
        size = (byte)info.Size;
        return true;
    }

    /// <summary>Resolves the memory operand's base, index, scale, displacement and address size once.</summary>
    private static bool FastMemory(ref Instruction ins, ref MicroOp op)
    {
        var baseRegister = ins.MemoryBase;
        var index = ins.MemoryIndex;
        op.Base = op.Index = MicroOp.NoRegister;
        op.Segment = (byte)SegmentIndex(ins.MemorySegment);
        op.Imm = ins.MemoryDisplacement64;
        op.Scale = (byte)BitOperations.Log2((uint)ins.MemoryIndexScale);
        if (baseRegister is Register.RIP or Register.EIP)
        {
            op.AddressMask = baseRegister == Register.RIP ? ulong.MaxValue : 0xFFFFFFFF;
            return true;
        }
        if (baseRegister == Register.None && index == Register.None)
        {
            op.AddressMask = ins.MemoryDisplSize switch { 2 => 0xFFFF, 4 => 0xFFFFFFFF, _ => ulong.MaxValue };
            return true;
        }
        // Base and index have the address size, so either one's mask wraps the whole sum.
        var addressRegister = baseRegister != Register.None ? baseRegister : index;
        var info = GprInfo[(int)addressRegister];
        if (info.Size == 0)
            return false;
        op.AddressMask = info.Mask;
        if (baseRegister != Register.None)
            op.Base = (byte)info.Index;
        if (index != Register.None)
        {
            var indexInfo = GprInfo[(int)index];
            if (indexInfo.Size == 0)
                return false;
            op.Index = (byte)indexInfo.Index;
        }
        return true;
    }

    private static bool IsImmediate(OpKind kind) => kind is OpKind.Immediate8 or OpKind.Immediate16 or OpKind.Immediate32
        or OpKind.Immediate64 or OpKind.Immediate8to16 or OpKind.Immediate8to32 or OpKind.Immediate8to64 or OpKind.Immediate32to64;

    private static AluOp AluOpOf(Mnemonic mnemonic) => mnemonic switch
    {
        Mnemonic.Add => AluOp.Add,
        Mnemonic.Adc => AluOp.Adc,
        Mnemonic.Sub => AluOp.Sub,
        Mnemonic.Sbb => AluOp.Sbb,
        Mnemonic.And => AluOp.And,
        Mnemonic.Or => AluOp.Or,
        Mnemonic.Cmp => AluOp.Cmp,
        Mnemonic.Test => AluOp.Test,
        _ => AluOp.Xor,
    };
}
