using System;
using System.Reflection;
using System.Reflection.Emit;
using Iced.Intel;
using Label = System.Reflection.Emit.Label;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private sealed partial class BlockTranslator
    {
        /// <summary>What an SSE instruction the translator emits does, and so which <see cref="TranslatedSse"/> path it calls.</summary>
        private enum SseKind
        {
            None,
            ScalarDouble,
            ScalarSingle,
            PackedDouble,
            PackedSingle,
            Bitwise,
            Compare,
            FromInteger,
            Truncate,
            Narrow,
            Widen,
            Load,
            Store,
        }

        /// <summary>How a <see cref="SseKind.Load"/> from a register writes the destination: all of it, or merged into its low lane.</summary>
        private const int Whole = 0, MergeLow64 = 64, MergeLow32 = 32;

        /// <summary>
        /// An SSE instruction's form: its kind, the operation or flag it passes, the bytes of its non-destination operand
        /// (the memory access), and whether an m128 there must lie on a 16-byte boundary.
        /// </summary>
        private readonly record struct SseForm(SseKind Kind, int Op, int Bytes, bool Aligned);

        private static readonly MethodInfo SseUsableMethod = SseMethod(nameof(TranslatedSse.Usable));
        private static readonly MethodInfo SseWholeMethod = SseMethod(nameof(TranslatedSse.Whole));
        private static readonly MethodInfo SseLow64Method = SseMethod(nameof(TranslatedSse.Low64));
        private static readonly MethodInfo SseTruncateMethod = SseMethod(nameof(TranslatedSse.Truncate));

        private static MethodInfo SseMethod(string name) => typeof(TranslatedSse).GetMethod(name)!;

        /// <summary>The 128-bit local an XMM value or m128 passes through, declared by the first block that needs it.</summary>
        private LocalBuilder? _wideLocal;

        private LocalBuilder Wide => _wideLocal ??= _il.DeclareLocal(typeof(UInt128));

        /// <summary>
        /// Which SSE form instruction <paramref name="i"/> of <paramref name="block"/> is, if the translator emits it: in
        /// 64-bit mode, without LOCK, its memory operand (if any) flat (not FS or GS), so the first-level TLB can serve it.
        /// </summary>
        private static SseForm SseFormOf(DecodedBlock block, int i)
        {
            if (block.Bitness != 64 || block.Ops[i].Kind != MicroOpKind.Generic)
                return default;
            ref var ins = ref block.Code[i];
            var form = SseFormOf(ins.Code);
            if (form.Kind == SseKind.None || ins.HasLockPrefix)
                return default;
            for (var operand = 0; operand < ins.OpCount; operand++)
            {
                if (ins.GetOpKind(operand) != OpKind.Memory)
                    continue;
                var memory = default(MicroOp);
                if (!FastMemory(ref ins, ref memory) || memory.Segment >= FsIndex)
                    return default;
            }
            // The store forms with a register destination are register-to-register moves.
            if (form.Kind == SseKind.Store && ins.Op0Kind == OpKind.Register && IsXmm(ins.Op0Register))
                return form with { Kind = SseKind.Load, Op = ins.Mnemonic switch { Mnemonic.Movsd => MergeLow64, Mnemonic.Movss => MergeLow32, _ => Whole } };
            return form;
        }

        private static SseForm SseFormOf(Code code) => code switch
        {
            Code.Addsd_xmm_xmmm64 => new(SseKind.ScalarDouble, TranslatedSse.Add, 8, false),
            Code.Subsd_xmm_xmmm64 => new(SseKind.ScalarDouble, TranslatedSse.Subtract, 8, false),
            Code.Mulsd_xmm_xmmm64 => new(SseKind.ScalarDouble, TranslatedSse.Multiply, 8, false),
            Code.Divsd_xmm_xmmm64 => new(SseKind.ScalarDouble, TranslatedSse.Divide, 8, false),
            Code.Sqrtsd_xmm_xmmm64 => new(SseKind.ScalarDouble, TranslatedSse.SquareRoot, 8, false),
            Code.Minsd_xmm_xmmm64 => new(SseKind.ScalarDouble, TranslatedSse.Minimum, 8, false),
            Code.Maxsd_xmm_xmmm64 => new(SseKind.ScalarDouble, TranslatedSse.Maximum, 8, false),
            Code.Addss_xmm_xmmm32 => new(SseKind.ScalarSingle, TranslatedSse.Add, 4, false),
            Code.Subss_xmm_xmmm32 => new(SseKind.ScalarSingle, TranslatedSse.Subtract, 4, false),
            Code.Mulss_xmm_xmmm32 => new(SseKind.ScalarSingle, TranslatedSse.Multiply, 4, false),
            Code.Divss_xmm_xmmm32 => new(SseKind.ScalarSingle, TranslatedSse.Divide, 4, false),
            Code.Sqrtss_xmm_xmmm32 => new(SseKind.ScalarSingle, TranslatedSse.SquareRoot, 4, false),
            Code.Minss_xmm_xmmm32 => new(SseKind.ScalarSingle, TranslatedSse.Minimum, 4, false),
            Code.Maxss_xmm_xmmm32 => new(SseKind.ScalarSingle, TranslatedSse.Maximum, 4, false),
            Code.Addpd_xmm_xmmm128 => new(SseKind.PackedDouble, TranslatedSse.Add, 16, true),
            Code.Subpd_xmm_xmmm128 => new(SseKind.PackedDouble, TranslatedSse.Subtract, 16, true),
            Code.Mulpd_xmm_xmmm128 => new(SseKind.PackedDouble, TranslatedSse.Multiply, 16, true),
            Code.Divpd_xmm_xmmm128 => new(SseKind.PackedDouble, TranslatedSse.Divide, 16, true),
            Code.Sqrtpd_xmm_xmmm128 => new(SseKind.PackedDouble, TranslatedSse.SquareRoot, 16, true),
            Code.Minpd_xmm_xmmm128 => new(SseKind.PackedDouble, TranslatedSse.Minimum, 16, true),
            Code.Maxpd_xmm_xmmm128 => new(SseKind.PackedDouble, TranslatedSse.Maximum, 16, true),
            Code.Addps_xmm_xmmm128 => new(SseKind.PackedSingle, TranslatedSse.Add, 16, true),
            Code.Subps_xmm_xmmm128 => new(SseKind.PackedSingle, TranslatedSse.Subtract, 16, true),
            Code.Mulps_xmm_xmmm128 => new(SseKind.PackedSingle, TranslatedSse.Multiply, 16, true),
            Code.Divps_xmm_xmmm128 => new(SseKind.PackedSingle, TranslatedSse.Divide, 16, true),
            Code.Sqrtps_xmm_xmmm128 => new(SseKind.PackedSingle, TranslatedSse.SquareRoot, 16, true),
            Code.Minps_xmm_xmmm128 => new(SseKind.PackedSingle, TranslatedSse.Minimum, 16, true),
            Code.Maxps_xmm_xmmm128 => new(SseKind.PackedSingle, TranslatedSse.Maximum, 16, true),
            Code.Andpd_xmm_xmmm128 or Code.Andps_xmm_xmmm128 or Code.Pand_xmm_xmmm128 => new(SseKind.Bitwise, TranslatedSse.And, 16, true),
            Code.Andnpd_xmm_xmmm128 or Code.Andnps_xmm_xmmm128 or Code.Pandn_xmm_xmmm128 => new(SseKind.Bitwise, TranslatedSse.AndNot, 16, true),
            Code.Orpd_xmm_xmmm128 or Code.Orps_xmm_xmmm128 or Code.Por_xmm_xmmm128 => new(SseKind.Bitwise, TranslatedSse.Or, 16, true),
            Code.Xorpd_xmm_xmmm128 or Code.Xorps_xmm_xmmm128 or Code.Pxor_xmm_xmmm128 => new(SseKind.Bitwise, TranslatedSse.Xor, 16, true),
            Code.Unpcklpd_xmm_xmmm128 => new(SseKind.Bitwise, TranslatedSse.UnpackLow, 16, true),
            Code.Unpckhpd_xmm_xmmm128 => new(SseKind.Bitwise, TranslatedSse.UnpackHigh, 16, true),
            Code.Ucomisd_xmm_xmmm64 or Code.Comisd_xmm_xmmm64 => new(SseKind.Compare, 1, 8, false),
            Code.Ucomiss_xmm_xmmm32 or Code.Comiss_xmm_xmmm32 => new(SseKind.Compare, 0, 4, false),
            Code.Cvtsi2sd_xmm_rm32 => new(SseKind.FromInteger, 1, 4, false),
            Code.Cvtsi2sd_xmm_rm64 => new(SseKind.FromInteger, 1, 8, false),
            Code.Cvtsi2ss_xmm_rm32 => new(SseKind.FromInteger, 0, 4, false),
            Code.Cvtsi2ss_xmm_rm64 => new(SseKind.FromInteger, 0, 8, false),
            Code.Cvttsd2si_r32_xmmm64 or Code.Cvttsd2si_r64_xmmm64 => new(SseKind.Truncate, 1, 8, false),
            Code.Cvttss2si_r32_xmmm32 or Code.Cvttss2si_r64_xmmm32 => new(SseKind.Truncate, 0, 4, false),
            Code.Cvtsd2ss_xmm_xmmm64 => new(SseKind.Narrow, 0, 8, false),
            Code.Cvtss2sd_xmm_xmmm32 => new(SseKind.Widen, 0, 4, false),
            Code.Movapd_xmm_xmmm128 or Code.Movaps_xmm_xmmm128 or Code.Movdqa_xmm_xmmm128 => new(SseKind.Load, Whole, 16, true),
            Code.Movupd_xmm_xmmm128 or Code.Movups_xmm_xmmm128 or Code.Movdqu_xmm_xmmm128 => new(SseKind.Load, Whole, 16, false),
            Code.Movsd_xmm_xmmm64 => new(SseKind.Load, MergeLow64, 8, false),
            Code.Movss_xmm_xmmm32 => new(SseKind.Load, MergeLow32, 4, false),
            Code.Movq_xmm_xmmm64 or Code.Movq_xmm_rm64 => new(SseKind.Load, Whole, 8, false),
            Code.Movd_xmm_rm32 => new(SseKind.Load, Whole, 4, false),
            Code.Movapd_xmmm128_xmm or Code.Movaps_xmmm128_xmm or Code.Movdqa_xmmm128_xmm => new(SseKind.Store, 0, 16, true),
            Code.Movupd_xmmm128_xmm or Code.Movups_xmmm128_xmm or Code.Movdqu_xmmm128_xmm => new(SseKind.Store, 0, 16, false),
            Code.Movsd_xmmm64_xmm or Code.Movq_xmmm64_xmm or Code.Movq_rm64_xmm => new(SseKind.Store, 0, 8, false),
            Code.Movss_xmmm32_xmm or Code.Movd_rm32_xmm => new(SseKind.Store, 0, 4, false),
            _ => default,
        };

        private static bool IsXmm(Register register) => register is >= Register.XMM0 and <= Register.XMM15;

        /// <summary>
        /// Emits SSE instruction <paramref name="i"/>: its <see cref="TranslatedSse"/> fast path, and where that declines
        /// (or the access misses the TLB or is misaligned) the interpreter's instruction, after which the block goes on
        /// with its registers and deferred flags as before (SSE leaves RFLAGS alone but for the compares, resolved first).
        /// </summary>
        private void EmitSse(int i, ulong rip)
        {
            ref var ins = ref _block.Code[i];
            var form = SseFormOf(_block, i);
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            if (form.Kind == SseKind.Compare)
                ResolveFlags();
            var dirty = _dirty;
            switch (form.Kind)
            {
                case SseKind.Store:
                    EmitSseStore(ref ins, form, slow);
                    break;
                case SseKind.Truncate:
                {
                    EmitSseSource(ref ins, form, slow);
                    LoadStateAddress();
                    _il.Emit(OpCodes.Ldc_I4, form.Op);
                    _il.Emit(OpCodes.Ldc_I4, GprInfo[(int)ins.Op0Register].Size);
                    _il.Emit(OpCodes.Ldloc, _value);
                    _il.Emit(OpCodes.Ldloca, _value);
                    _il.Emit(OpCodes.Call, SseTruncateMethod);
                    _il.Emit(OpCodes.Brfalse, slow);
                    StoreRegister(GprInfo[(int)ins.Op0Register].Index, GprInfo[(int)ins.Op0Register].Size, _value);
                    break;
                }
                default:
                    EmitSseSource(ref ins, form, slow);
                    LoadStateAddress();
                    EmitSseCall(ref ins, form);
                    _il.Emit(OpCodes.Brfalse, slow);
                    break;
            }
            _il.Emit(OpCodes.Br, done);
            _il.MarkLabel(slow);
            var fast = _dirty;
            _dirty = dirty;
            EmitSseStep(i, rip, ref ins, form);
            _dirty = fast;
            _il.MarkLabel(done);
            _lastEnter = i;
        }

        /// <summary>
        /// The instruction through the interpreter (<see cref="EmitStepCall"/>), reloading afterwards only what an SSE
        /// instruction changes (its general destination, and RFLAGS after a compare): the deferred flags stay deferred.
        /// </summary>
        private void EmitSseStep(int i, ulong rip, ref Instruction ins, SseForm form)
        {
            EmitStepCall(i, rip);
            if (ins.Op0Kind == OpKind.Register && !IsXmm(ins.Op0Register))
                LoadRegister(GprInfo[(int)ins.Op0Register].Index);
            if (form.Kind == SseKind.Compare)
            {
                LoadState(FlagsField);
                _il.Emit(OpCodes.Stloc, _flags);
            }
        }

        /// <summary>The call of the fast path for the arguments after the state: the operation, the destination, the source (and flags).</summary>
        private void EmitSseCall(ref Instruction ins, SseForm form)
        {
            var name = form.Kind switch
            {
                SseKind.ScalarDouble => nameof(TranslatedSse.ScalarDouble),
                SseKind.ScalarSingle => nameof(TranslatedSse.ScalarSingle),
                SseKind.PackedDouble => nameof(TranslatedSse.PackedDouble),
                SseKind.PackedSingle => nameof(TranslatedSse.PackedSingle),
                SseKind.Bitwise => nameof(TranslatedSse.Bitwise),
                SseKind.Compare => nameof(TranslatedSse.Compare),
                SseKind.FromInteger => nameof(TranslatedSse.FromInteger),
                SseKind.Narrow => nameof(TranslatedSse.Narrow),
                SseKind.Widen => nameof(TranslatedSse.Widen),
                _ => MoveName(ref ins, form),
            };
            if (form.Kind is not (SseKind.Narrow or SseKind.Widen or SseKind.Load))
                _il.Emit(OpCodes.Ldc_I4, form.Op);
            _il.Emit(OpCodes.Ldc_I4, ins.Op0Register - Register.XMM0);
            _il.Emit(OpCodes.Ldloc, form.Bytes == 16 ? Wide : _value);
            if (form.Kind == SseKind.FromInteger && form.Bytes == 4)
            {
                // A doubleword source is signed.
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
            }
            if (form.Kind == SseKind.Compare)
                _il.Emit(OpCodes.Ldloca, _flags);
            _il.Emit(OpCodes.Call, SseMethod(name));
        }

        /// <summary>
        /// The move a load makes: from a register, its merge (MOVSD, MOVSS) or the whole register; from memory, a general
        /// register or the low quadword of an XMM register, the value zero-extended.
        /// </summary>
        private static string MoveName(ref Instruction ins, SseForm form)
        {
            if (form.Bytes == 16)
                return nameof(TranslatedSse.MoveWhole);
            var fromXmm = ins.Op1Kind == OpKind.Register && IsXmm(ins.Op1Register);
            return (fromXmm ? form.Op : Whole) switch
            {
                MergeLow64 => nameof(TranslatedSse.MoveLow64),
                MergeLow32 => nameof(TranslatedSse.MoveLow32),
                _ => nameof(TranslatedSse.MoveQuad),
            };
        }

        /// <summary>
        /// Operand 1 into <c>_value</c> (up to 8 bytes, zero-extended) or the wide local (16): the low part of an XMM register,
        /// a general register, or memory through the TLB's hit path, branching to <paramref name="slow"/> on a miss or a
        /// misaligned m128 that must be aligned.
        /// </summary>
        private void EmitSseSource(ref Instruction ins, SseForm form, Label slow)
        {
            switch (ins.Op1Kind)
            {
                case OpKind.Register when IsXmm(ins.Op1Register):
                    LoadStateAddress();
                    _il.Emit(OpCodes.Ldc_I4, ins.Op1Register - Register.XMM0);
                    if (form.Bytes == 16)
                    {
                        _il.Emit(OpCodes.Call, SseWholeMethod);
                        _il.Emit(OpCodes.Stloc, Wide);
                        return;
                    }
                    _il.Emit(OpCodes.Call, SseLow64Method);
                    Mask(form.Bytes);
                    _il.Emit(OpCodes.Stloc, _value);
                    return;
                case OpKind.Register:
                    EmitRegister(GprInfo[(int)ins.Op1Register].Index, form.Bytes);
                    _il.Emit(OpCodes.Stloc, _value);
                    return;
            }
            EmitSseAddress(ref ins, form, ReadTagField, ReadHostField, slow);
            if (form.Bytes == 16)
            {
                _il.Emit(OpCodes.Unaligned, (byte)1);
                _il.Emit(OpCodes.Ldobj, typeof(UInt128));
                _il.Emit(OpCodes.Stloc, Wide);
                return;
            }
            Load(form.Bytes);
            _il.Emit(OpCodes.Stloc, _value);
        }

        /// <summary>A store of XMM operand 1's low bytes to memory or a general register, once the SSE checks pass.</summary>
        private void EmitSseStore(ref Instruction ins, SseForm form, Label slow)
        {
            LoadStateAddress();
            _il.Emit(OpCodes.Call, SseUsableMethod);
            _il.Emit(OpCodes.Brfalse, slow);
            EmitSseSource(ref ins, form with { Kind = SseKind.Load }, slow);
            if (ins.Op0Kind == OpKind.Register)
            {
                var destination = GprInfo[(int)ins.Op0Register];
                StoreRegister(destination.Index, destination.Size, _value);
                return;
            }
            EmitSseAddress(ref ins, form, WriteTagField, WriteHostField, slow);
            if (form.Bytes == 16)
            {
                _il.Emit(OpCodes.Ldloc, Wide);
                _il.Emit(OpCodes.Unaligned, (byte)1);
                _il.Emit(OpCodes.Stobj, typeof(UInt128));
                return;
            }
            _il.Emit(OpCodes.Ldloc, _value);
            Store(form.Bytes);
        }

        /// <summary>The host address of the instruction's memory operand on the stack, or a branch to <paramref name="slow"/>.</summary>
        private void EmitSseAddress(ref Instruction ins, SseForm form, FieldInfo tags, FieldInfo hosts, Label slow)
        {
            var memory = default(MicroOp);
            FastMemory(ref ins, ref memory);
            EmitAddress(ref memory);
            if (form.Aligned)
            {
                // Legacy SSE's m128 on a 16-byte boundary, or #GP(0): the interpreter raises it.
                _il.Emit(OpCodes.Ldloc, _offset);
                Constant(15);
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Brtrue, slow);
            }
            EmitTlbHit(memory.Segment, form.Bytes, tags, hosts, slow);
        }

        /// <summary>The vCPU's architectural state by reference, on the stack.</summary>
        private void LoadStateAddress()
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldflda, StateField);
        }
    }
}
