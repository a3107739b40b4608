using System.Reflection.Emit;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private sealed partial class BlockTranslator
    {
        /// <summary>
        /// The near stack instructions the translator emits itself, at the code's own operand size (8 bytes in 64-bit mode,
        /// 4 in 32-bit and 2 in 16-bit code) on a stack whose address size the translation assumes (see <see cref="Translate"/>).
        /// </summary>
        private enum StackForm
        {
            None,
            PushRegister,
            PushImmediate,
            PopRegister,
            Call,
            Return,
        }

        private const int Rsp = 4;

        /// <summary>Which stack form instruction <paramref name="i"/> of <paramref name="block"/> is, if the translator emits it.</summary>
        private static StackForm StackFormOf(DecodedBlock block, int i)
        {
            if (block.Ops[i].Kind != MicroOpKind.Generic)
                return StackForm.None;
            return (block.Bitness, block.Code[i].Code) switch
            {
                (64, Code.Push_r64) or (32, Code.Push_r32) or (16, Code.Push_r16) => StackForm.PushRegister,
                (64, Code.Pushq_imm8 or Code.Pushq_imm32) or (32, Code.Pushd_imm8 or Code.Pushd_imm32) or (16, Code.Pushw_imm8 or Code.Push_imm16) => StackForm.PushImmediate,
                (64, Code.Pop_r64) or (32, Code.Pop_r32) or (16, Code.Pop_r16) => StackForm.PopRegister,
                (64, Code.Call_rel32_64) or (32, Code.Call_rel32_32) or (16, Code.Call_rel16) => StackForm.Call,
                (64, Code.Retnq or Code.Retnq_imm16) or (32, Code.Retnd or Code.Retnd_imm16) or (16, Code.Retnw or Code.Retnw_imm16) => StackForm.Return,
                _ => StackForm.None,
            };
        }

        /// <summary>Whether the block holds a stack form outside 64-bit mode, whose translation holds only for the stack address size it was made for.</summary>
        private static bool UsesLegacyStack(DecodedBlock block)
        {
            if (block.Bitness == 64)
                return false;
            for (var i = 0; i < block.Count; i++)
            {
                if (StackFormOf(block, i) is not StackForm.None)
                    return true;
            }
            return false;
        }

        /// <summary>
        /// Emits stack instruction <paramref name="i"/> as the interpreter's Push, Pop, CALL and RET run it: rSP moves only
        /// once the access has succeeded, so a fault leaves rSP and memory as they were. True when it ended the block.
        /// </summary>
        private bool EmitStack(int i, ulong rip)
        {
            ref var ins = ref _block.Code[i];
            var next = _block.Ops[i].NextRip;
            switch (StackFormOf(_block, i))
            {
                case StackForm.PushRegister:
                    // PUSH rSP pushes the value before the push.
                    _il.Emit(OpCodes.Ldloc, _registers[GprInfo[(int)ins.Op0Register].Index]);
                    EmitPush(i, rip, next);
                    return false;
                case StackForm.PushImmediate:
                    Constant(ins.GetImmediate(0));
                    EmitPush(i, rip, next);
                    return false;
                case StackForm.PopRegister:
                {
                    var destination = GprInfo[(int)ins.Op0Register].Index;
                    EmitPop(i, rip, next, (ulong)OperandSize, () => StoreRegister(destination, OperandSize, _value));
                    return false;
                }
                case StackForm.Call:
                {
                    var target = ins.NearBranchTarget;
                    Constant(next);
                    // A CALL that writes decoded code leaves for its target, as its Branch outcome settles.
                    EmitPush(i, rip, target);
                    EmitEnd(() => Constant(target), () => Constant(target));
                    return true;
                }
                default:
                {
                    // The popped value is the operand size wide, so it is already within the code's IP mask.
                    var release = (ulong)OperandSize + (ins.Op0Kind == OpKind.Immediate16 ? ins.Immediate16 : 0UL);
                    EmitPop(i, rip, next, release, null, _long64 ? () => EmitNonCanonicalReturnCheck(i, rip) : null);
                    EmitEnd(() => _il.Emit(OpCodes.Ldloc, _value), () => _il.Emit(OpCodes.Ldloc, _value));
                    return true;
                }
            }
        }

        /// <summary>A RET to a non-canonical address is the interpreter's to fault: #GP(0) at the RET, nothing popped.</summary>
        private void EmitNonCanonicalReturnCheck(int i, ulong rip)
        {
            var canonical = _il.DefineLabel();
            // Canonical: bits 63:47 all equal.
            _il.Emit(OpCodes.Ldloc, _value);
            _il.Emit(OpCodes.Ldc_I4, 47);
            _il.Emit(OpCodes.Shr);
            Constant(1);
            _il.Emit(OpCodes.Add);
            Constant(1);
            _il.Emit(OpCodes.Ble_Un, canonical);
            EmitStepCall(i, rip);
            _il.MarkLabel(canonical);
        }

        /// <summary>The stack forms' operand size: the code's own.</summary>
        private int OperandSize => _block.Bitness / 8;

        /// <summary>Pushes the value on the IL stack: stored at rSP less the operand size (wrapped to the stack's address size), then rSP lowered.</summary>
        private void EmitPush(int i, ulong rip, ulong nextRip)
        {
            _il.Emit(OpCodes.Stloc, _value);
            _il.Emit(OpCodes.Ldloc, _registers[Rsp]);
            Constant((ulong)OperandSize);
            _il.Emit(OpCodes.Sub);
            Mask(_stackSize);
            _il.Emit(OpCodes.Stloc, _offset);
            EmitWrite(i, rip, nextRip, SsIndex, OperandSize, completed: () => StoreRegister(Rsp, _stackSize, _offset));
        }

        /// <summary>
        /// Reads the operand at rSP into <c>_value</c>, runs <paramref name="check"/> while rSP is as it was, then raises rSP
        /// by <paramref name="release"/> and runs <paramref name="then"/>.
        /// </summary>
        private void EmitPop(int i, ulong rip, ulong nextRip, ulong release, System.Action? then, System.Action? check = null)
        {
            _il.Emit(OpCodes.Ldloc, _registers[Rsp]);
            Mask(_stackSize);
            _il.Emit(OpCodes.Stloc, _offset);
            EmitRead(i, rip, nextRip, SsIndex, OperandSize, () =>
            {
                check?.Invoke();
                _il.Emit(OpCodes.Ldloc, _offset);
                Constant(release);
                _il.Emit(OpCodes.Add);
                StoreRegister(Rsp, _stackSize);
                // POP rSP: the popped value wins over the increment.
                then?.Invoke();
            });
        }
    }
}
