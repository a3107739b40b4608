using System;
using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using HvDsl.Runtime.Cpu.State;
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

        private static readonly FieldInfo XmmField = typeof(ArchitecturalState).GetField(nameof(ArchitecturalState.Xmm))!;
        private static readonly FieldInfo MxcsrField = typeof(ArchitecturalState).GetField(nameof(ArchitecturalState.Mxcsr))!;
        private static readonly MethodInfo SseModeMethod = SseMethod(nameof(TranslatedSse.Mode));
        private static readonly MethodInfo SseTruncateMethod = SseMethod(nameof(TranslatedSse.Truncate));
        private static readonly MethodInfo Write128Method = VCpuMethod(nameof(TranslatedWrite128));
        private static readonly MethodInfo SseStepMethod = VCpuMethod(nameof(TranslatedSseStep));

        private static MethodInfo SseMethod(string name) => typeof(TranslatedSse).GetMethod(name)!;

        /// <summary>
        /// The locals of the XMM lanes (lane 2r is XMMr's low quadword, 2r + 1 its high one), declared at first use. A block
        /// writes each lane through to the state as it sets the local, so exits and the interpreter see it unchanged.
        /// </summary>
        private readonly LocalBuilder?[] _lanes = new LocalBuilder?[2 * XmmFile.Count];

        /// <summary>The lanes whose locals hold the register's value where the emitter is (a bit per lane).</summary>
        private uint _lanesLoaded;

        /// <summary>The local holding <see cref="TranslatedSse.Mode"/>, and whether it is set where the emitter is.</summary>
        private LocalBuilder? _sseModeLocal;
        private bool _sseModeKnown;

        /// <summary>
        /// Whether an SSE instruction completed since the interpreter last ran one of the block's instructions: then SSE is
        /// available (no #UD or #NM) until one does, since only the interpreter's instructions change CR0 and CR4.
        /// </summary>
        private bool _sseUsable;

        /// <summary>A fast path's result, its out argument, and an m128 operand's high quadword.</summary>
        private LocalBuilder? _sseResultLocal, _sseOutLocal, _sseHighLocal;

        /// <summary>The lanes any SSE instruction of the block reads or writes: what a decline's shared step reads back.</summary>
        private uint _lanesUsed;

        /// <summary>
        /// The shared interpreter steps of declined SSE instructions, one per registers-to-publish and deferred flags (as
        /// <see cref="Exit"/> shares exits), each with the points it resumes at after the step, in site order.
        /// </summary>
        private readonly List<(Label Label, int Dirty, FlagSource Source, int Size, List<Label> Resumes)> _sseSteps = [];

        /// <summary>A declined instruction's site in its shared step (high half) and its index (low half), as the step reads it.</summary>
        private LocalBuilder? _sseSiteLocal;

        private LocalBuilder SseMode => _sseModeLocal ??= _il.DeclareLocal(typeof(int));
        private LocalBuilder SseResult => _sseResultLocal ??= _il.DeclareLocal(typeof(ulong));
        private LocalBuilder SseOut => _sseOutLocal ??= _il.DeclareLocal(typeof(ulong));
        private LocalBuilder SseHigh => _sseHighLocal ??= _il.DeclareLocal(typeof(ulong));
        private LocalBuilder SseSite => _sseSiteLocal ??= _il.DeclareLocal(typeof(int));

        private LocalBuilder Lane(int lane) => _lanes[lane] ??= _il.DeclareLocal(typeof(ulong));

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

        /// <summary>After the interpreter ran an instruction that may change any XMM register, CR0, CR4 or MXCSR: the lanes and mode are read again.</summary>
        private void ForgetSse()
        {
            _lanesLoaded = 0;
            _sseModeKnown = false;
            _sseUsable = false;
        }

        /// <summary>
        /// Emits SSE instruction <paramref name="i"/>: the lanes it reads into their locals and the block's mode (once), then
        /// its fast path, and where the mode or <see cref="TranslatedSse"/> declines (or the access misses the TLB or is
        /// misaligned) the interpreter's instruction, after which the lanes it writes are read back and the block goes on
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
            if (!_sseModeKnown)
                EmitSseMode();
            var (reads, writes) = SseLanes(ref ins, form);
            _lanesUsed |= reads | writes;
            for (var lane = 0; lane < _lanes.Length; lane++)
            {
                if ((reads & ~_lanesLoaded & (1u << lane)) != 0)
                    ReadLane(lane);
            }
            // The paths that take the mode check it themselves; the others need SSE usable, or also host arithmetic.
            var needsNearest = form.Kind is SseKind.FromInteger or SseKind.Truncate or SseKind.Narrow;
            var modeChecked = needsNearest || (!_sseUsable && !TakesMode(form.Kind));
            if (modeChecked)
            {
                _il.Emit(OpCodes.Ldloc, SseMode);
                _il.Emit(OpCodes.Ldc_I4, needsNearest ? TranslatedSse.Nearest : TranslatedSse.Usable);
                _il.Emit(OpCodes.Blt, slow);
            }
            if (form.Kind == SseKind.Store)
                EmitSseStore(i, rip, ref ins, form, slow);
            else
            {
                EmitSseSource(ref ins, form, slow);
                EmitSseFast(ref ins, form, slow);
            }
            // A move between registers that cannot fault has no interpreter path.
            if (modeChecked || MayDecline(ref ins, form))
            {
                _il.Emit(OpCodes.Br, done);
                _il.MarkLabel(slow);
                EmitSseDecline(i, dirty, done);
            }
            _il.MarkLabel(done);
            _lanesLoaded |= writes;
            _lastEnter = i;
            // Here the instruction completed, on the fast path or in the interpreter, neither raising #UD nor #NM.
            _sseUsable = true;
        }

        /// <summary>Whether the fast path of <paramref name="kind"/> takes the block's mode and declines by itself when it does not allow host arithmetic.</summary>
        private static bool TakesMode(SseKind kind) =>
            kind is SseKind.ScalarDouble or SseKind.ScalarSingle or SseKind.PackedDouble or SseKind.PackedSingle;

        /// <summary>Whether the fast path of SSE instruction <paramref name="ins"/> can decline, its mode aside: a memory operand, or a value it leaves to the interpreter.</summary>
        private static bool MayDecline(ref Instruction ins, SseForm form) =>
            ins.Op0Kind == OpKind.Memory || ins.Op1Kind == OpKind.Memory
            || form.Kind is not (SseKind.Bitwise or SseKind.Load or SseKind.Store or SseKind.FromInteger);

        /// <summary>The mode and every lane the block's SSE instructions name, read into their locals (before a one-copy loop's head).</summary>
        private void PreloadSse()
        {
            var lanes = 0u;
            var any = false;
            for (var i = 0; i < _block.Count; i++)
            {
                var form = SseFormOf(_block, i);
                if (form.Kind == SseKind.None)
                    continue;
                any = true;
                var (reads, writes) = SseLanes(ref _block.Code[i], form);
                lanes |= reads | writes;
            }
            if (!any)
                return;
            EmitSseMode();
            for (var lane = 0; lane < _lanes.Length; lane++)
            {
                if ((lanes & (1u << lane)) != 0)
                    ReadLane(lane);
            }
        }

        /// <summary>The block's <see cref="TranslatedSse.Mode"/> into its local.</summary>
        private void EmitSseMode()
        {
            LoadStateAddress();
            _il.Emit(OpCodes.Call, SseModeMethod);
            _il.Emit(OpCodes.Stloc, SseMode);
            _sseModeKnown = true;
        }

        /// <summary>The lanes an SSE instruction reads and writes, as bits of <see cref="_lanesLoaded"/>.</summary>
        private static (uint Reads, uint Writes) SseLanes(ref Instruction ins, SseForm form)
        {
            var destination = IsXmm(ins.Op0Register) && ins.Op0Kind == OpKind.Register ? 3u << (2 * (ins.Op0Register - Register.XMM0)) : 0;
            var fromXmm = ins.Op1Kind == OpKind.Register && IsXmm(ins.Op1Register);
            var source = fromXmm ? 3u << (2 * (ins.Op1Register - Register.XMM0)) : 0;
            var low = 0x5555_5555u;
            return form.Kind switch
            {
                SseKind.ScalarDouble or SseKind.ScalarSingle or SseKind.Narrow => ((destination | source) & low, destination & low),
                SseKind.Compare => ((destination | source) & low, 0),
                SseKind.Truncate => (source & low, 0),
                SseKind.Widen => (source & low, destination & low),
                SseKind.FromInteger => (destination & low, destination & low),
                SseKind.PackedDouble or SseKind.PackedSingle or SseKind.Bitwise => (destination | source, destination),
                SseKind.Store => (form.Bytes == 16 ? source : source & low, 0),
                _ when !fromXmm => (0, destination),
                _ => form.Op switch
                {
                    MergeLow64 => (source & low, destination & low),
                    MergeLow32 => ((destination | source) & low, destination & low),
                    _ => (source, destination),
                },
            };
        }

        /// <summary>
        /// A declined instruction <paramref name="i"/>: to the shared step for the registers <paramref name="dirty"/> it
        /// leaves to publish and the flags deferred here, which resumes at <paramref name="done"/>.
        /// </summary>
        private void EmitSseDecline(int i, int dirty, Label done)
        {
            var step = _sseSteps.FindIndex(s => s.Dirty == dirty && s.Source == _source && s.Size == _size);
            if (step < 0)
            {
                _sseSteps.Add((_il.DefineLabel(), dirty, _source, _size, []));
                step = _sseSteps.Count - 1;
            }
            var resumes = _sseSteps[step].Resumes;
            _il.Emit(OpCodes.Ldc_I4, resumes.Count << 16 | i);
            _il.Emit(OpCodes.Stloc, SseSite);
            _il.Emit(OpCodes.Br, _sseSteps[step].Label);
            resumes.Add(done);
        }

        /// <summary>
        /// The shared steps (<see cref="EmitSseDecline"/>): the registers published, the instruction through the interpreter
        /// (<see cref="TranslatedSseStep"/>), then every register, lane and (unless deferred) RFLAGS the block uses read back,
        /// since the step may have changed any of them, and back to the site. One copy a block rather than one an instruction:
        /// RyuJIT's compile grows with every copy.
        /// </summary>
        private void EmitSseSteps()
        {
            foreach (var step in _sseSteps)
            {
                var stayed = _il.DefineLabel();
                _il.MarkLabel(step.Label);
                Spill(step.Dirty);
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldloc, SseSite);
                _il.Emit(OpCodes.Ldc_I4, 0xFFFF);
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Ldarg_2);
                EmitResolvedFlags(step.Source, step.Size);
                _il.Emit(OpCodes.Call, SseStepMethod);
                _il.Emit(OpCodes.Brtrue, stayed);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ret);
                _il.MarkLabel(stayed);
                for (var r = 0; r < GprFile.Count; r++)
                {
                    if ((_used & (1 << r)) != 0)
                        LoadRegister(r);
                }
                for (var lane = 0; lane < _lanes.Length; lane++)
                {
                    if ((_lanesUsed & (1u << lane)) != 0)
                        ReadLane(lane);
                }
                // Deferred flags stay deferred (no SSE instruction but the compares, which resolve them first, writes RFLAGS).
                if (step.Source == FlagSource.None)
                {
                    LoadState(FlagsField);
                    _il.Emit(OpCodes.Stloc, _flags);
                }
                _il.Emit(OpCodes.Ldloc, SseSite);
                _il.Emit(OpCodes.Ldc_I4, 16);
                _il.Emit(OpCodes.Shr_Un);
                _il.Emit(OpCodes.Switch, step.Resumes.ToArray());
                // Every site is in the table.
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ret);
            }
        }

        /// <summary>The fast path of every form but the store, its source operand already fetched.</summary>
        private void EmitSseFast(ref Instruction ins, SseForm form, Label slow)
        {
            var d = 2 * (ins.Op0Register - Register.XMM0);
            switch (form.Kind)
            {
                case SseKind.ScalarDouble:
                case SseKind.ScalarSingle:
                {
                    var written = _il.DefineLabel();
                    if (form.Kind == SseKind.ScalarDouble && form.Op <= TranslatedSse.SquareRoot)
                    {
                        var call = _il.DefineLabel();
                        EmitHostScalarDouble(ref ins, form.Op, d, call);
                        _il.Emit(OpCodes.Br, written);
                        _il.MarkLabel(call);
                    }
                    _il.Emit(OpCodes.Ldc_I4, form.Op);
                    _il.Emit(OpCodes.Ldloc, Lane(d));
                    EmitSseOperand(ref ins, 0);
                    _il.Emit(OpCodes.Ldloc, SseMode);
                    LoadMxcsrAddress();
                    EmitSseResult(form.Kind == SseKind.ScalarDouble ? nameof(TranslatedSse.ScalarDouble) : nameof(TranslatedSse.ScalarSingle), d, slow);
                    _il.MarkLabel(written);
                    return;
                }
                case SseKind.PackedDouble:
                case SseKind.PackedSingle:
                    _il.Emit(OpCodes.Ldc_I4, form.Op);
                    _il.Emit(OpCodes.Ldloc, Lane(d));
                    _il.Emit(OpCodes.Ldloc, Lane(d + 1));
                    EmitSseOperand(ref ins, 0);
                    EmitSseOperand(ref ins, 1);
                    _il.Emit(OpCodes.Ldloc, SseMode);
                    LoadMxcsrAddress();
                    _il.Emit(OpCodes.Ldloca, SseOut);
                    EmitSseResult(form.Kind == SseKind.PackedDouble ? nameof(TranslatedSse.PackedDouble) : nameof(TranslatedSse.PackedSingle), d, slow);
                    _il.Emit(OpCodes.Ldloc, SseOut);
                    WriteLane(d + 1);
                    return;
                case SseKind.Bitwise:
                    EmitBitwise(ref ins, form.Op, d);
                    return;
                case SseKind.Compare:
                {
                    var compared = _il.DefineLabel();
                    if (form.Op == 1)
                    {
                        var call = _il.DefineLabel();
                        EmitHostCompareDouble(ref ins, d, call);
                        _il.Emit(OpCodes.Br, compared);
                        _il.MarkLabel(call);
                    }
                    _il.Emit(OpCodes.Ldc_I4, form.Op);
                    _il.Emit(OpCodes.Ldloc, Lane(d));
                    EmitSseOperand(ref ins, 0);
                    _il.Emit(OpCodes.Ldloc, _flags);
                    EmitSseCall(nameof(TranslatedSse.Compare), slow);
                    _il.Emit(OpCodes.Stloc, _flags);
                    _il.MarkLabel(compared);
                    return;
                }
                case SseKind.FromInteger:
                    _il.Emit(OpCodes.Ldc_I4, form.Op);
                    _il.Emit(OpCodes.Ldloc, Lane(d));
                    _il.Emit(OpCodes.Ldloc, _value);
                    if (form.Bytes == 4)
                    {
                        // A doubleword source is signed.
                        _il.Emit(OpCodes.Conv_I4);
                        _il.Emit(OpCodes.Conv_I8);
                    }
                    LoadMxcsrAddress();
                    _il.Emit(OpCodes.Call, SseMethod(nameof(TranslatedSse.FromInteger)));
                    WriteLane(d);
                    return;
                case SseKind.Truncate:
                {
                    var destination = GprInfo[(int)ins.Op0Register];
                    _il.Emit(OpCodes.Ldc_I4, form.Op);
                    _il.Emit(OpCodes.Ldc_I4, destination.Size);
                    EmitSseOperand(ref ins, 0);
                    LoadMxcsrAddress();
                    _il.Emit(OpCodes.Ldloca, SseOut);
                    _il.Emit(OpCodes.Call, SseTruncateMethod);
                    _il.Emit(OpCodes.Brfalse, slow);
                    StoreRegister(destination.Index, destination.Size, SseOut);
                    return;
                }
                case SseKind.Narrow:
                    _il.Emit(OpCodes.Ldloc, Lane(d));
                    EmitSseOperand(ref ins, 0);
                    LoadMxcsrAddress();
                    EmitSseResult(nameof(TranslatedSse.Narrow), d, slow);
                    return;
                case SseKind.Widen:
                    EmitSseOperand(ref ins, 0);
                    EmitSseResult(nameof(TranslatedSse.Widen), d, slow);
                    return;
                default:
                    EmitMove(ref ins, form, d);
                    return;
            }
        }

        /// <summary>Calls fast path <paramref name="name"/> and, unless it declined, writes its result to lane <paramref name="lane"/>.</summary>
        private void EmitSseResult(string name, int lane, Label slow)
        {
            EmitSseCall(name, slow);
            WriteLane(lane);
        }

        /// <summary>Calls fast path <paramref name="name"/>, leaving its result on the stack, or branches to <paramref name="slow"/> when it declined.</summary>
        private void EmitSseCall(string name, Label slow)
        {
            _il.Emit(OpCodes.Call, SseMethod(name));
            _il.Emit(OpCodes.Stloc, SseResult);
            _il.Emit(OpCodes.Ldloc, SseResult);
            _il.Emit(OpCodes.Ldc_I8, unchecked((long)TranslatedSse.Declined));
            _il.Emit(OpCodes.Beq, slow);
            _il.Emit(OpCodes.Ldloc, SseResult);
        }

        /// <summary>ANDPD..XORPS, PAND..PXOR, UNPCKLPD and UNPCKHPD on the lanes of the destination (lane <paramref name="d"/> up).</summary>
        private void EmitBitwise(ref Instruction ins, int op, int d)
        {
            switch (op)
            {
                case TranslatedSse.UnpackLow:
                    EmitSseOperand(ref ins, 0);
                    WriteLane(d + 1);
                    return;
                case TranslatedSse.UnpackHigh:
                    _il.Emit(OpCodes.Ldloc, Lane(d + 1));
                    WriteLane(d);
                    EmitSseOperand(ref ins, 1);
                    WriteLane(d + 1);
                    return;
            }
            for (var half = 0; half < 2; half++)
            {
                _il.Emit(OpCodes.Ldloc, Lane(d + half));
                if (op == TranslatedSse.AndNot)
                    _il.Emit(OpCodes.Not);
                EmitSseOperand(ref ins, half);
                _il.Emit(op switch { TranslatedSse.Or => OpCodes.Or, TranslatedSse.Xor => OpCodes.Xor, _ => OpCodes.And });
                WriteLane(d + half);
            }
        }

        /// <summary>
        /// The move a load makes: from a register, its merge (MOVSD, MOVSS) or the whole register; from memory, a general
        /// register or the low quadword of an XMM register, the value zero-extended.
        /// </summary>
        private void EmitMove(ref Instruction ins, SseForm form, int d)
        {
            var fromXmm = ins.Op1Kind == OpKind.Register && IsXmm(ins.Op1Register);
            switch (fromXmm ? form.Op : Whole)
            {
                case MergeLow64:
                    EmitSseOperand(ref ins, 0);
                    WriteLane(d);
                    return;
                case MergeLow32:
                    _il.Emit(OpCodes.Ldloc, Lane(d));
                    Constant(~(ulong)uint.MaxValue);
                    _il.Emit(OpCodes.And);
                    EmitSseOperand(ref ins, 0);
                    Mask(4);
                    _il.Emit(OpCodes.Or);
                    WriteLane(d);
                    return;
            }
            EmitSseOperand(ref ins, 0);
            WriteLane(d);
            if (form.Bytes == 16)
                EmitSseOperand(ref ins, 1);
            else
                Constant(0);
            WriteLane(d + 1);
        }

        /// <summary>
        /// Operand 1, when not an XMM register (whose lanes are in their locals), into <c>_value</c> (up to 8 bytes,
        /// zero-extended) and the high local (16): a general register, or memory through the TLB's hit path, branching to
        /// <paramref name="slow"/> on a miss or a misaligned m128 that must be aligned.
        /// </summary>
        private void EmitSseSource(ref Instruction ins, SseForm form, Label slow)
        {
            switch (ins.Op1Kind)
            {
                case OpKind.Register when IsXmm(ins.Op1Register):
                    return;
                case OpKind.Register:
                    EmitRegister(GprInfo[(int)ins.Op1Register].Index, form.Bytes);
                    _il.Emit(OpCodes.Stloc, _value);
                    return;
            }
            var memory = default(MicroOp);
            FastMemory(ref ins, ref memory);
            EmitSseAddress(ref memory, form, slow);
            EmitTlbHit(memory.Segment, form.Bytes, ReadTagField, ReadHostField, slow);
            if (form.Bytes == 16)
            {
                _il.Emit(OpCodes.Dup);
                Load(8);
                _il.Emit(OpCodes.Stloc, _value);
                _il.Emit(OpCodes.Ldc_I4_8);
                _il.Emit(OpCodes.Add);
                Load(8);
                _il.Emit(OpCodes.Stloc, SseHigh);
                return;
            }
            Load(form.Bytes);
            _il.Emit(OpCodes.Stloc, _value);
        }

        /// <summary>Half <paramref name="half"/> (0 low, 1 high) of operand 1 on the stack: its XMM lane, or what <see cref="EmitSseSource"/> fetched.</summary>
        private void EmitSseOperand(ref Instruction ins, int half)
        {
            if (ins.Op1Kind == OpKind.Register && IsXmm(ins.Op1Register))
                _il.Emit(OpCodes.Ldloc, Lane(2 * (ins.Op1Register - Register.XMM0) + half));
            else
                _il.Emit(OpCodes.Ldloc, half == 0 ? _value : SseHigh);
        }

        /// <summary>
        /// A store of XMM operand 1's low bytes (or all 16) to a general register, or to memory through the TLB's hit path
        /// and, on a miss (a page holding decoded code, say), the interpreter's write rather than the whole instruction.
        /// </summary>
        private void EmitSseStore(int i, ulong rip, ref Instruction ins, SseForm form, Label slow)
        {
            var source = 2 * (ins.Op1Register - Register.XMM0);
            if (ins.Op0Kind == OpKind.Register)
            {
                var destination = GprInfo[(int)ins.Op0Register];
                StoreRegister(destination.Index, destination.Size, Lane(source));
                return;
            }
            var memory = default(MicroOp);
            FastMemory(ref ins, ref memory);
            EmitSseAddress(ref memory, form, slow);
            if (form.Bytes < 16)
            {
                _il.Emit(OpCodes.Ldloc, Lane(source));
                _il.Emit(OpCodes.Stloc, _value);
                EmitWrite(i, rip, _block.Ops[i].NextRip, memory.Segment, form.Bytes);
                return;
            }
            var miss = _il.DefineLabel();
            var stored = _il.DefineLabel();
            EmitTlbHit(memory.Segment, 16, WriteTagField, WriteHostField, miss);
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Ldloc, Lane(source));
            Store(8);
            _il.Emit(OpCodes.Ldc_I4_8);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Ldloc, Lane(source + 1));
            Store(8);
            _il.Emit(OpCodes.Br, stored);
            _il.MarkLabel(miss);
            EmitSlowArguments(i, rip, _block.Ops[i].NextRip, memory.Segment, 16);
            _il.Emit(OpCodes.Ldloc, Lane(source));
            _il.Emit(OpCodes.Ldloc, Lane(source + 1));
            _il.Emit(OpCodes.Call, Write128Method);
            _il.Emit(OpCodes.Brfalse, Exit(_dirty, _source, _size));
            EmitCodeWriteCheck(_source, _size);
            _il.MarkLabel(stored);
        }

        /// <summary>The memory operand's offset into <c>_offset</c>, branching to <paramref name="slow"/> when an m128 that must be aligned is not.</summary>
        private void EmitSseAddress(ref MicroOp memory, SseForm form, Label slow)
        {
            EmitAddress(ref memory);
            if (!form.Aligned)
                return;
            // Legacy SSE's m128 on a 16-byte boundary, or #GP(0): the interpreter raises it.
            _il.Emit(OpCodes.Ldloc, _offset);
            Constant(15);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Brtrue, slow);
        }

        /// <summary>Lane <paramref name="lane"/> from the state into its local.</summary>
        private void ReadLane(int lane)
        {
            LoadLaneAddress(lane);
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, Lane(lane));
            _lanesLoaded |= 1u << lane;
        }

        /// <summary>The value on the stack into lane <paramref name="lane"/>'s local and through to the state.</summary>
        private void WriteLane(int lane)
        {
            _il.Emit(OpCodes.Stloc, Lane(lane));
            LoadLaneAddress(lane);
            _il.Emit(OpCodes.Ldloc, Lane(lane));
            _il.Emit(OpCodes.Stind_I8);
            _lanesLoaded |= 1u << lane;
        }

        /// <summary>Lane <paramref name="lane"/> of the state's XMM file by reference (a register's low quadword first), on the stack.</summary>
        private void LoadLaneAddress(int lane)
        {
            LoadStateAddress();
            _il.Emit(OpCodes.Ldflda, XmmField);
            if (lane == 0)
                return;
            _il.Emit(OpCodes.Ldc_I4, lane * sizeof(ulong));
            _il.Emit(OpCodes.Add);
        }

        /// <summary>MXCSR by reference, on the stack.</summary>
        private void LoadMxcsrAddress()
        {
            LoadStateAddress();
            _il.Emit(OpCodes.Ldflda, MxcsrField);
        }

        /// <summary>The vCPU's architectural state by reference, on the stack.</summary>
        private void LoadStateAddress()
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldflda, StateField);
        }
    }
}
