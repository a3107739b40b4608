using System.Reflection.Emit;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private sealed partial class BlockTranslator
    {
        /// <summary>The near stack instructions of 64-bit mode the translator emits itself (the stack there is flat and 8 bytes wide).</summary>
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
            if (block.Bitness != 64 || block.Ops[i].Kind != MicroOpKind.Generic)
                return StackForm.None;
            return block.Code[i].Code switch
            {
                Code.Push_r64 => StackForm.PushRegister,
                Code.Pushq_imm8 or Code.Pushq_imm32 => StackForm.PushImmediate,
                Code.Pop_r64 => StackForm.PopRegister,
                Code.Call_rel32_64 => StackForm.Call,
                Code.Retnq or Code.Retnq_imm16 => StackForm.Return,
                _ => StackForm.None,
            };
        }

        /// <summary>
        /// Emits stack instruction <paramref name="i"/> as the interpreter's Push, Pop, CALL and RET run it: RSP moves only
        /// once the access has succeeded, so a fault leaves RSP and memory as they were. True when it ended the block.
        /// </summary>
        private bool EmitStack(int i, ulong rip)
        {
            ref var ins = ref _block.Code[i];
            var next = _block.Ops[i].NextRip;
            switch (StackFormOf(_block, i))
            {
                case StackForm.PushRegister:
                    // PUSH RSP pushes the value before the push.
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
                    EmitPop(i, rip, next, 8, () => StoreRegister(destination, 8, _value));
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
                    var release = 8UL + (ins.Op0Kind == OpKind.Immediate16 ? ins.Immediate16 : 0UL);
                    EmitPop(i, rip, next, release, null);
                    EmitEnd(() => _il.Emit(OpCodes.Ldloc, _value), () => _il.Emit(OpCodes.Ldloc, _value));
                    return true;
                }
            }
        }

        /// <summary>Pushes the value on the IL stack: stored at RSP - 8, then RSP lowered.</summary>
        private void EmitPush(int i, ulong rip, ulong nextRip)
        {
            _il.Emit(OpCodes.Stloc, _value);
            _il.Emit(OpCodes.Ldloc, _registers[Rsp]);
            Constant(8);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Stloc, _offset);
            EmitWrite(i, rip, nextRip, SsIndex, 8, completed: () => StoreRegister(Rsp, 8, _offset));
        }

        /// <summary>Reads the quadword at RSP into <c>_value</c>, then raises RSP by <paramref name="release"/> and runs <paramref name="then"/>.</summary>
        private void EmitPop(int i, ulong rip, ulong nextRip, ulong release, System.Action? then)
        {
            _il.Emit(OpCodes.Ldloc, _registers[Rsp]);
            _il.Emit(OpCodes.Stloc, _offset);
            EmitRead(i, rip, nextRip, SsIndex, 8, () =>
            {
                _il.Emit(OpCodes.Ldloc, _offset);
                Constant(release);
                _il.Emit(OpCodes.Add);
                StoreRegister(Rsp, 8);
                // POP RSP: the popped value wins over the increment.
                then?.Invoke();
            });
        }
    }
}
