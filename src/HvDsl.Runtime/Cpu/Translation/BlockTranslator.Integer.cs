using System.Reflection;
using System.Reflection.Emit;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private sealed partial class BlockTranslator
    {
        /// <summary>The integer instructions compiled code uses most that the block builder leaves generic and the translator emits.</summary>
        private enum IntegerForm
        {
            None,
            ZeroExtend,
            SignExtend,
            Shift,
            Multiply,
            SetCondition,
            ConditionalMove,
        }

        private static readonly MethodInfo ShlMethod = typeof(Alu).GetMethod(nameof(Alu.Shl))!;
        private static readonly MethodInfo ShrMethod = typeof(Alu).GetMethod(nameof(Alu.Shr))!;
        private static readonly MethodInfo SarMethod = typeof(Alu).GetMethod(nameof(Alu.Sar))!;
        private static readonly MethodInfo ImulMethod = typeof(Alu).GetMethod(nameof(Alu.Imul))!;

        /// <summary>
        /// Which integer form instruction <paramref name="i"/> of <paramref name="block"/> is, if the translator emits it:
        /// a general-purpose destination register other than AH-BH, a register or plain memory source, an immediate or CL count.
        /// </summary>
        private static IntegerForm IntegerFormOf(DecodedBlock block, int i)
        {
            if (block.Ops[i].Kind != MicroOpKind.Generic)
                return IntegerForm.None;
            ref var ins = ref block.Code[i];
            var form = ins.Mnemonic switch
            {
                Mnemonic.Movzx => IntegerForm.ZeroExtend,
                Mnemonic.Movsx or Mnemonic.Movsxd => IntegerForm.SignExtend,
                Mnemonic.Shl or Mnemonic.Sal or Mnemonic.Shr or Mnemonic.Sar => IntegerForm.Shift,
                Mnemonic.Imul when ins.OpCount > 1 => IntegerForm.Multiply,
                Mnemonic.Seto or Mnemonic.Setno or Mnemonic.Setb or Mnemonic.Setae or Mnemonic.Sete or Mnemonic.Setne
                    or Mnemonic.Setbe or Mnemonic.Seta or Mnemonic.Sets or Mnemonic.Setns or Mnemonic.Setp or Mnemonic.Setnp
                    or Mnemonic.Setl or Mnemonic.Setge or Mnemonic.Setle or Mnemonic.Setg => IntegerForm.SetCondition,
                Mnemonic.Cmovo or Mnemonic.Cmovno or Mnemonic.Cmovb or Mnemonic.Cmovae or Mnemonic.Cmove or Mnemonic.Cmovne
                    or Mnemonic.Cmovbe or Mnemonic.Cmova or Mnemonic.Cmovs or Mnemonic.Cmovns or Mnemonic.Cmovp or Mnemonic.Cmovnp
                    or Mnemonic.Cmovl or Mnemonic.Cmovge or Mnemonic.Cmovle or Mnemonic.Cmovg => IntegerForm.ConditionalMove,
                _ => IntegerForm.None,
            };
            if (form == IntegerForm.None || ins.HasLockPrefix || ins.Op0Kind != OpKind.Register || !Plain(ins.Op0Register))
                return IntegerForm.None;
            // Sources: a register (any byte one for MOVZX and MOVSX) or a memory operand the micro-op builder resolves.
            for (var operand = 1; operand < ins.OpCount; operand++)
            {
                switch (ins.GetOpKind(operand))
                {
                    case OpKind.Register when GprInfo[(int)ins.GetOpRegister(operand)].Size != 0:
                        if (form == IntegerForm.Shift && ins.GetOpRegister(operand) != Register.CL)
                            return IntegerForm.None;
                        break;
                    case OpKind.Memory when form is not IntegerForm.Shift and not IntegerForm.SetCondition:
                        var scratch = default(MicroOp);
                        if (!FastMemory(ref ins, ref scratch))
                            return IntegerForm.None;
                        break;
                    case OpKind.Immediate8 or OpKind.Immediate16 or OpKind.Immediate32 or OpKind.Immediate8to16 or OpKind.Immediate8to32
                        or OpKind.Immediate8to64 or OpKind.Immediate32to64 when form is IntegerForm.Shift or IntegerForm.Multiply:
                        break;
                    default:
                        return IntegerForm.None;
                }
            }
            return form;
        }

        /// <summary>A general-purpose register whose value starts at bit 0 (not AH, CH, DH, BH).</summary>
        private static bool Plain(Register register)
        {
            var info = GprInfo[(int)register];
            return info.Size != 0 && info.Shift == 0;
        }

        /// <summary>Emits integer instruction <paramref name="i"/> with the interpreter's handler's semantics (its Alu call, its register write).</summary>
        private void EmitInteger(int i, ulong rip)
        {
            ref var ins = ref _block.Code[i];
            var next = _block.Ops[i].NextRip;
            var destination = GprInfo[(int)ins.Op0Register];
            var size = destination.Size;
            switch (IntegerFormOf(_block, i))
            {
                case IntegerForm.ZeroExtend:
                case IntegerForm.SignExtend:
                {
                    var sourceSize = ins.Op1Kind == OpKind.Register ? GprInfo[(int)ins.Op1Register].Size : MemorySizes[(int)ins.MemorySize];
                    EmitSource(i, rip, next, ref ins, 1, sourceSize);
                    _il.Emit(OpCodes.Ldloc, _value);
                    if (IntegerFormOf(_block, i) == IntegerForm.SignExtend)
                    {
                        _il.Emit(sourceSize == 1 ? OpCodes.Conv_I1 : sourceSize == 2 ? OpCodes.Conv_I2 : OpCodes.Conv_I4);
                        _il.Emit(OpCodes.Conv_I8);
                    }
                    StoreRegister(destination.Index, size);
                    return;
                }
                case IntegerForm.Shift:
                    ResolveFlags();
                    Constant8(size);
                    EmitRegister(destination.Index, size);
                    if (ins.Op1Kind == OpKind.Register)
                        EmitRegister(1, 1);
                    else
                        Constant(ins.GetImmediate(1) & 0xFF);
                    _il.Emit(OpCodes.Ldloca, _flags);
                    _il.Emit(OpCodes.Call, ins.Mnemonic switch { Mnemonic.Shr => ShrMethod, Mnemonic.Sar => SarMethod, _ => ShlMethod });
                    StoreRegister(destination.Index, size);
                    return;
                case IntegerForm.Multiply:
                {
                    // IMUL r, r/m multiplies the destination; IMUL r, r/m, imm the source by the immediate.
                    var three = ins.OpCount == 3;
                    EmitSource(i, rip, next, ref ins, 1, size);
                    ResolveFlags();
                    Constant8(size);
                    if (three)
                    {
                        _il.Emit(OpCodes.Ldloc, _value);
                        Constant(ins.GetImmediate(2) & SizeMask(size));
                    }
                    else
                    {
                        EmitRegister(destination.Index, size);
                        _il.Emit(OpCodes.Ldloc, _value);
                    }
                    _il.Emit(OpCodes.Ldloca, _carry);
                    _il.Emit(OpCodes.Ldloca, _flags);
                    _il.Emit(OpCodes.Call, ImulMethod);
                    StoreRegister(destination.Index, size);
                    return;
                }
                case IntegerForm.SetCondition:
                    EmitCondition((int)ins.ConditionCode - 1);
                    _il.Emit(OpCodes.Conv_U8);
                    StoreRegister(destination.Index, 1);
                    return;
                default:
                {
                    // CMOVcc reads its source whether or not it moves it; a 32-bit one zero-extends either way.
                    EmitSource(i, rip, next, ref ins, 1, size);
                    var keep = _il.DefineLabel();
                    var done = _il.DefineLabel();
                    EmitCondition((int)ins.ConditionCode - 1);
                    _il.Emit(OpCodes.Brfalse, keep);
                    StoreRegister(destination.Index, size, _value);
                    _il.Emit(OpCodes.Br, done);
                    _il.MarkLabel(keep);
                    if (size == 4)
                        StoreRegister(destination.Index, 4, _registers[destination.Index]);
                    _il.MarkLabel(done);
                    return;
                }
            }
        }

        /// <summary>Operand <paramref name="operand"/> (a register, at its byte offset, or memory) into <c>_value</c>.</summary>
        private void EmitSource(int i, ulong rip, ulong next, ref Instruction ins, int operand, int size)
        {
            if (ins.GetOpKind(operand) == OpKind.Register)
            {
                var source = GprInfo[(int)ins.GetOpRegister(operand)];
                _il.Emit(OpCodes.Ldloc, _registers[source.Index]);
                if (source.Shift != 0)
                {
                    _il.Emit(OpCodes.Ldc_I4, source.Shift);
                    _il.Emit(OpCodes.Shr_Un);
                }
                Constant(source.Mask);
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Stloc, _value);
                return;
            }
            var memory = default(MicroOp);
            FastMemory(ref ins, ref memory);
            EmitAddress(ref memory);
            EmitRead(i, rip, next, memory.Segment, size);
        }

        /// <summary>Makes the deferred flags concrete in the flags local, for an Alu call that updates them in place.</summary>
        private void ResolveFlags()
        {
            if (_source == FlagSource.None)
                return;
            EmitResolvedFlags(_source, _size);
            _il.Emit(OpCodes.Stloc, _flags);
            (_source, _carryIn) = (FlagSource.None, false);
        }

        private void Constant8(int value) => _il.Emit(OpCodes.Ldc_I4, value);
    }
}
