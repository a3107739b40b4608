using System.Collections.Generic;
using System.Reflection;
using System.Reflection.Emit;
using HvDsl.Runtime.Cpu.State;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// A translated block, bound to its vCPU and run from its first instruction with the instruction count
    /// <paramref name="start"/> it begins at and whole below <paramref name="limit"/>: true when it reached its end with
    /// RIP, RFLAGS, the count and the registers published; false when it left early, settled as the interpreter settles
    /// (branch, fault or exit). A block that branches to its own start runs round while the interpreter's chaining rule
    /// would run it again.
    /// </summary>
    private delegate bool TranslatedCode(ref ulong gpr, ulong start, ulong limit);

    /// <summary>
    /// Turns a decoded block's micro-ops into a <see cref="DynamicMethod"/> with the interpreter's exact semantics: guest
    /// registers live in locals across the block, flags stay deferred as <see cref="PendingFlags"/> defers them (the source
    /// known at translation, the operands in locals), loads and stores take the first-level TLB's hit path inline, and
    /// everything else goes through the interpreter's one-instruction entry at its exact instruction boundary.
    /// </summary>
    private sealed partial class BlockTranslator
    {
        private const BindingFlags Members = BindingFlags.Instance | BindingFlags.NonPublic;

        private static FieldInfo VCpuField(string name) => typeof(VCpu).GetField(name, Members)!;

        private static MethodInfo VCpuMethod(string name) => typeof(VCpu).GetMethod(name, Members)!;

        private static readonly FieldInfo StateField = VCpuField(nameof(_state));
        private static readonly FieldInfo RipField = typeof(ArchitecturalState).GetField(nameof(ArchitecturalState.Rip))!;
        private static readonly FieldInfo FlagsField = typeof(ArchitecturalState).GetField(nameof(ArchitecturalState.RFlags))!;
        private static readonly FieldInfo CountField = typeof(ArchitecturalState).GetField(nameof(ArchitecturalState.Instructions))!;
        private static readonly FieldInfo IndexField = VCpuField(nameof(_index));
        private static readonly FieldInfo NextRipField = VCpuField(nameof(_nextRip));
        private static readonly FieldInfo CodeWrittenField = VCpuField(nameof(_codeWritten));
        private static readonly FieldInfo ChainUntilField = VCpuField(nameof(_chainUntil));
        private static readonly FieldInfo UserTagField = VCpuField(nameof(_userTag));
        private static readonly FieldInfo ReadTagField = VCpuField(nameof(_readTag));
        private static readonly FieldInfo ReadHostField = VCpuField(nameof(_readHost));
        private static readonly FieldInfo WriteTagField = VCpuField(nameof(_writeTag));
        private static readonly FieldInfo WriteHostField = VCpuField(nameof(_writeHost));
        private static readonly MethodInfo ReadMethod = VCpuMethod(nameof(TranslatedRead));
        private static readonly MethodInfo WriteMethod = VCpuMethod(nameof(TranslatedWrite));
        private static readonly MethodInfo StepMethod = VCpuMethod(nameof(TranslatedStep));
        private static readonly MethodInfo LeaveMethod = VCpuMethod(nameof(TranslatedLeave));
        private static readonly MethodInfo ResolveMethod = typeof(TranslatedFlags).GetMethod(nameof(TranslatedFlags.Resolve))!;
        private static readonly MethodInfo ConditionMethod = typeof(TranslatedFlags).GetMethod(nameof(TranslatedFlags.Condition))!;
        private static readonly MethodInfo CarryMethod = typeof(TranslatedFlags).GetMethod(nameof(TranslatedFlags.Carry))!;

        private readonly DecodedBlock _block;
        private readonly bool _long64;
        private readonly DynamicMethod _method;
        private readonly ILGenerator _il;
        private readonly LocalBuilder[] _registers = new LocalBuilder[GprFile.Count];
        private readonly LocalBuilder _flags, _a, _b, _r, _newA, _newB, _newR, _carry, _offset, _value, _slot, _next;

        /// <summary>The stack address size the stack forms wrap rSP to: 8 in 64-bit mode, else SS's at translation.</summary>
        private int _stackSize;

        /// <summary>Where the second copy of a block that loops on itself starts, or null when the block does not.</summary>
        private Label? _loop;

        /// <summary>
        /// The fewest instructions of a self-loop emitted once, its back edge publishing the flags: beside a body that long
        /// that costs little, where a second copy, which keeps them deferred, costs RyuJIT's compile of the whole body again.
        /// </summary>
        private const int OnePassLoop = 16;

        /// <summary>Whether the block is a self-loop emitted once (<see cref="OnePassLoop"/>).</summary>
        private bool _onePass;

        /// <summary>What the emitted code holds where the first copy of a self-loop branches back: the second copy's entry.</summary>
        private (FlagSource Source, int Size, bool CarryIn, int Dirty, int LastEnter) _backEdge;

        /// <summary>The registers the block names, loaded into locals on entry and after every interpreted instruction.</summary>
        private readonly int _used;

        /// <summary>Early exits, emitted after the block's straight line: where they branch from and what they must publish.</summary>
        private readonly List<(Label Label, int Dirty, FlagSource Source, int Size)> _exits = [];

        // What the emitted code holds at the point being emitted: the deferred flags' source and size, and the registers
        // whose locals differ from the register file.
        private FlagSource _source;
        private int _size;
        private int _dirty;

        /// <summary>The last instruction the interpreter would have published its position for (memory or generic), or -1.</summary>
        private int _lastEnter = -1;

        private BlockTranslator(DecodedBlock block)
        {
            _block = block;
            _long64 = block.Bitness == 64;
            _method = new DynamicMethod($"Block{block.Rip:X}", typeof(bool), [typeof(VCpu), typeof(ulong).MakeByRefType(), typeof(ulong), typeof(ulong)],
                typeof(VCpu), skipVisibility: true);
            _il = _method.GetILGenerator();
            for (var i = 0; i < _registers.Length; i++)
                _registers[i] = _il.DeclareLocal(typeof(ulong));
            _flags = _il.DeclareLocal(typeof(ulong));
            _a = _il.DeclareLocal(typeof(ulong));
            _b = _il.DeclareLocal(typeof(ulong));
            _r = _il.DeclareLocal(typeof(ulong));
            _newA = _il.DeclareLocal(typeof(ulong));
            _newB = _il.DeclareLocal(typeof(ulong));
            _newR = _il.DeclareLocal(typeof(ulong));
            _carry = _il.DeclareLocal(typeof(ulong));
            _offset = _il.DeclareLocal(typeof(ulong));
            _value = _il.DeclareLocal(typeof(ulong));
            _slot = _il.DeclareLocal(typeof(int));
            _next = _il.DeclareLocal(typeof(ulong));
            for (var i = 0; i < block.Count; i++)
                _used |= Registers(i);
        }

        /// <summary>The translation of <paramref name="block"/> for <paramref name="cpu"/>, or null when nothing in it would run faster translated.</summary>
        public static TranslatedCode? Translate(VCpu cpu, DecodedBlock block)
        {
            var fast = false;
            for (var i = 0; i < block.Count; i++)
            {
                var kind = block.Ops[i].Kind;
                // A branch micro-op ends its block by construction; anything else would count instructions differently.
                if (IsBranch(kind) && i != block.Count - 1)
                    return null;
                fast |= Native(block, i);
            }
            if (!fast)
                return null;
            // Outside 64-bit mode the stack's address size is SS's, which the block's key does not hold: the translation is for today's.
            block.StackSize = UsesLegacyStack(block) ? cpu.StackAddressSize : 0;
            return new BlockTranslator(block).Emit(cpu);
        }

        private TranslatedCode Emit(VCpu cpu)
        {
            _stackSize = _long64 ? 8 : cpu.StackAddressSize;
            for (var i = 0; i < GprFile.Count; i++)
            {
                if ((_used & (1 << i)) != 0)
                    LoadRegister(i);
            }
            LoadState(FlagsField);
            _il.Emit(OpCodes.Stloc, _flags);
            if (LoopsOnItself() && _block.Count >= OnePassLoop)
            {
                // One copy: every pass starts as the first, with the registers the block writes dirty, the SSE state read
                // and the flags the back edge published.
                _loop = _il.DefineLabel();
                _onePass = true;
                _dirty = Written();
                PreloadSse();
                _il.MarkLabel(_loop.Value);
                EmitBody();
            }
            else if (LoopsOnItself())
            {
                // Two copies: the first entered with the flags published, the second with them deferred as the block leaves them.
                _loop = _il.DefineLabel();
                EmitBody();
                _il.MarkLabel(_loop.Value);
                (_source, _size, _carryIn, _dirty, _lastEnter) = _backEdge;
                EmitBody();
            }
            else
                EmitBody();
            EmitSseSteps();
            foreach (var exit in _exits)
            {
                _il.MarkLabel(exit.Label);
                Spill(exit.Dirty);
                PublishFlags(exit.Source, exit.Size);
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Call, LeaveMethod);
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ret);
            }
            cpu.Statistics.TranslationIlBytes += _il.ILOffset;
            // Bound to the vCPU (its first argument): a closed delegate is called without the open one's shuffle thunk.
            return (TranslatedCode)_method.CreateDelegate(typeof(TranslatedCode), cpu);
        }

        private void EmitBody()
        {
            var ended = false;
            for (var i = 0; i < _block.Count && !ended; i++)
                ended = EmitOp(i, _block.Ops[i]);
            if (!ended)
                EmitEnd(_block.Ops[_block.Count - 1].NextRip);
        }

        /// <summary>Whether the block ends in a branch to its own start and runs nothing through the interpreter.</summary>
        private bool LoopsOnItself()
        {
            ref var last = ref _block.Ops[_block.Count - 1];
            if (!IsBranch(last.Kind) || last.Imm != _block.Rip)
                return false;
            for (var i = 0; i < _block.Count; i++)
            {
                if (!Native(_block, i))
                    return false;
            }
            return true;
        }

        /// <summary>
        /// A taken branch: back to the block's second copy while the interpreter would chain into this block again (below
        /// the run loop's next look and with the block whole under the limit), else the normal end at <paramref name="target"/>.
        /// </summary>
        private void EmitTaken(ulong target)
        {
            if (_loop is not { } loop || target != _block.Rip)
            {
                EmitEnd(target);
                return;
            }
            _backEdge = (_source, _size, _carryIn, _dirty | Written(), _lastEnter);
            var leave = _il.DefineLabel();
            var back = _onePass && _source != FlagSource.None ? _il.DefineLabel() : loop;
            _il.Emit(OpCodes.Ldarg_2);
            Constant((ulong)_block.Count);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _next);
            _il.Emit(OpCodes.Ldloc, _next);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, ChainUntilField);
            _il.Emit(OpCodes.Bge_Un, leave);
            _il.Emit(OpCodes.Ldarg_3);
            _il.Emit(OpCodes.Ldloc, _next);
            _il.Emit(OpCodes.Sub);
            Constant((ulong)_block.Count);
            _il.Emit(OpCodes.Blt_Un, leave);
            _il.Emit(OpCodes.Ldloc, _next);
            _il.Emit(OpCodes.Starg_S, (byte)2);
            _il.Emit(OpCodes.Br, back);
            _il.MarkLabel(leave);
            EmitEnd(target);
            if (back != loop)
            {
                // The one copy's head finds the flags published.
                _il.MarkLabel(back);
                EmitResolvedFlags(_source, _size);
                _il.Emit(OpCodes.Stloc, _flags);
                _il.Emit(OpCodes.Br, loop);
            }
        }

        /// <summary>The registers some micro-op of the block writes.</summary>
        private int Written()
        {
            var mask = 0;
            for (var i = 0; i < _block.Count; i++)
            {
                ref var op = ref _block.Ops[i];
                if (op.Kind is MicroOpKind.Loop)
                    mask |= 1 << 1;
                else if (op.Kind is MicroOpKind.Generic)
                    mask |= GenericRegisters(i);
                else if (op.Kind is MicroOpKind.AluRegReg or MicroOpKind.AluRegImm or MicroOpKind.AluRegMem or MicroOpKind.Inc or MicroOpKind.Dec
                         or MicroOpKind.MovRegReg or MicroOpKind.MovRegImm or MicroOpKind.Lea or MicroOpKind.Load)
                    mask |= 1 << op.Dst;
            }
            return mask;
        }

        /// <summary>Emits micro-op <paramref name="i"/>; true when it ended the block.</summary>
        private bool EmitOp(int i, MicroOp op)
        {
            var rip = i == 0 ? _block.Rip : _block.Ops[i - 1].NextRip;
            switch (op.Kind)
            {
                case MicroOpKind.AluRegReg:
                    EmitAlu((AluOp)op.Op, op.Size, () => EmitRegister(op.Dst, op.Size), EmitMasked(op.Src, op.Size));
                    if ((AluOp)op.Op < AluOp.Cmp)
                        StoreRegister(op.Dst, op.Size, _newR);
                    Commit();
                    return false;
                case MicroOpKind.AluRegImm:
                {
                    var imm = op.Imm;
                    EmitAlu((AluOp)op.Op, op.Size, () => EmitRegister(op.Dst, op.Size), () => Constant(imm));
                    if ((AluOp)op.Op < AluOp.Cmp)
                        StoreRegister(op.Dst, op.Size, _newR);
                    Commit();
                    return false;
                }
                case MicroOpKind.Inc:
                case MicroOpKind.Dec:
                    EmitIncDec(ref op);
                    return false;
                case MicroOpKind.MovRegReg:
                    _il.Emit(OpCodes.Ldloc, _registers[op.Src]);
                    StoreRegister(op.Dst, op.Size);
                    return false;
                case MicroOpKind.MovRegImm:
                    Constant(op.Imm);
                    StoreRegister(op.Dst, op.Size);
                    return false;
                case MicroOpKind.Lea:
                    EmitAddress(ref op);
                    _il.Emit(OpCodes.Ldloc, _offset);
                    StoreRegister(op.Dst, op.Size);
                    return false;
                case MicroOpKind.Load:
                    EmitAddress(ref op);
                    EmitRead(i, rip, op.NextRip, op.Segment, op.Size);
                    _il.Emit(OpCodes.Ldloc, _value);
                    StoreRegister(op.Dst, op.Size);
                    return false;
                case MicroOpKind.Store:
                case MicroOpKind.StoreImm:
                    EmitAddress(ref op);
                    if (op.Kind == MicroOpKind.Store)
                        _il.Emit(OpCodes.Ldloc, _registers[op.Src]);
                    else
                        Constant(op.Value);
                    _il.Emit(OpCodes.Stloc, _value);
                    EmitWrite(i, rip, op.NextRip, op.Segment, op.Size);
                    return false;
                case MicroOpKind.AluRegMem:
                    EmitAddress(ref op);
                    EmitRead(i, rip, op.NextRip, op.Segment, op.Size);
                    EmitAlu((AluOp)op.Op, op.Size, () => EmitRegister(op.Dst, op.Size), () => _il.Emit(OpCodes.Ldloc, _value));
                    if ((AluOp)op.Op < AluOp.Cmp)
                        StoreRegister(op.Dst, op.Size, _newR);
                    Commit();
                    return false;
                case MicroOpKind.AluMem:
                    EmitAluMemory(i, rip, ref op);
                    return false;
                case MicroOpKind.Jcc:
                {
                    var taken = _il.DefineLabel();
                    EmitCondition(op.Op);
                    _il.Emit(OpCodes.Brtrue, taken);
                    var state = (_source, _size, _dirty, _lastEnter);
                    EmitEnd(op.NextRip);
                    (_source, _size, _dirty, _lastEnter) = state;
                    _il.MarkLabel(taken);
                    EmitTaken(op.Imm);
                    return true;
                }
                case MicroOpKind.Jmp:
                    EmitTaken(op.Imm);
                    return true;
                case MicroOpKind.Loop:
                {
                    var taken = _il.DefineLabel();
                    _il.Emit(OpCodes.Ldloc, _registers[1]);
                    _il.Emit(OpCodes.Ldc_I4_1);
                    _il.Emit(OpCodes.Conv_U8);
                    _il.Emit(OpCodes.Sub);
                    Mask(op.Size);
                    _il.Emit(OpCodes.Dup);
                    StoreRegister(1, op.Size);
                    _il.Emit(OpCodes.Brtrue, taken);
                    EmitEnd(op.NextRip);
                    _il.MarkLabel(taken);
                    EmitTaken(op.Imm);
                    return true;
                }
                case MicroOpKind.Nop:
                    return false;
                default:
                    if (StackFormOf(_block, i) is not StackForm.None)
                        return EmitStack(i, rip);
                    if (IntegerFormOf(_block, i) is not IntegerForm.None)
                    {
                        EmitInteger(i, rip);
                        return false;
                    }
                    if (SseFormOf(_block, i).Kind is not SseKind.None)
                    {
                        EmitSse(i, rip);
                        return false;
                    }
                    EmitStep(i, rip);
                    return false;
            }
        }

        /// <summary>An instruction the translator leaves to the interpreter: registers and flags published, then reloaded.</summary>
        private void EmitStep(int i, ulong rip)
        {
            EmitStepCall(i, rip);
            ForgetSse();
            _dirty = 0;
            for (var r = 0; r < GprFile.Count; r++)
            {
                if ((_used & (1 << r)) != 0)
                    LoadRegister(r);
            }
            LoadState(FlagsField);
            _il.Emit(OpCodes.Stloc, _flags);
            _source = FlagSource.None;
            _lastEnter = i;
        }

        /// <summary>Instruction <paramref name="i"/> through the interpreter's one-instruction entry, registers and flags published first; the block returns when it leaves.</summary>
        private void EmitStepCall(int i, ulong rip)
        {
            var stayed = _il.DefineLabel();
            Spill(_dirty);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldc_I4, i);
            Constant(rip);
            _il.Emit(OpCodes.Ldarg_2);
            EmitResolvedFlags(_source, _size);
            _il.Emit(OpCodes.Ldc_I4, LeavesRunLoopChecksAlone(ref _block.Code[i]) ? 1 : 0);
            _il.Emit(OpCodes.Call, StepMethod);
            _il.Emit(OpCodes.Brtrue, stayed);
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ret);
            _il.MarkLabel(stayed);
        }

        /// <summary>The normal end: registers, RIP, flags and the count published as the block loop's Leave does.</summary>
        private void EmitEnd(ulong rip) => EmitEnd(() => Constant(rip));

        /// <summary>
        /// The normal end at the RIP <paramref name="rip"/> puts on the stack; <paramref name="next"/>, when given, is what
        /// the last instruction leaves as its next RIP (a taken CALL or RET's target).
        /// </summary>
        private void EmitEnd(System.Action rip, System.Action? next = null)
        {
            Spill(_dirty);
            StoreState(RipField, rip);
            PublishFlags(_source, _size);
            StoreState(CountField, () =>
            {
                _il.Emit(OpCodes.Ldarg_2);
                Constant((ulong)_block.Count);
                _il.Emit(OpCodes.Add);
            });
            if (_lastEnter >= 0)
            {
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldc_I4, _lastEnter);
                _il.Emit(OpCodes.Stfld, IndexField);
                _il.Emit(OpCodes.Ldarg_0);
                if (next is not null)
                    next();
                else
                    Constant(_block.Ops[_lastEnter].NextRip);
                _il.Emit(OpCodes.Stfld, NextRipField);
            }
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Ret);
        }

        /// <summary>
        /// Whether condition <paramref name="cc"/> holds, on the stack: the common conditions after SUB, CMP, a logic
        /// operation, INC or DEC straight from the deferred operands (as <see cref="PendingFlags.Condition"/> reads them),
        /// the rest through <see cref="TranslatedFlags.Condition"/>.
        /// </summary>
        private void EmitCondition(int cc)
        {
            var negate = (cc & 1) != 0;
            var test = cc >> 1;
            var direct = (_source, test) switch
            {
                (FlagSource.Sub, 1 or 2 or 3 or 6 or 7) when !_carryIn => true,
                (FlagSource.Logic or FlagSource.Inc or FlagSource.Dec, 2) => true,
                (FlagSource.Logic or FlagSource.Inc or FlagSource.Dec, 4) => true,
                (FlagSource.Logic, 6 or 7) => true,
                _ => false,
            };
            if (!direct)
            {
                EmitFlagArguments(_source, _size);
                _il.Emit(OpCodes.Ldc_I4, cc);
                _il.Emit(OpCodes.Call, ConditionMethod);
                return;
            }
            switch (_source, test)
            {
                case (_, 2):
                    // ZF: the result is zero.
                    _il.Emit(OpCodes.Ldloc, _r);
                    Constant(0);
                    _il.Emit(OpCodes.Ceq);
                    break;
                case (FlagSource.Sub, 1):
                    _il.Emit(OpCodes.Ldloc, _a);
                    _il.Emit(OpCodes.Ldloc, _b);
                    _il.Emit(OpCodes.Clt_Un);
                    break;
                case (FlagSource.Sub, 3):
                    // BE: not above.
                    _il.Emit(OpCodes.Ldloc, _a);
                    _il.Emit(OpCodes.Ldloc, _b);
                    _il.Emit(OpCodes.Cgt_Un);
                    negate = !negate;
                    break;
                case (FlagSource.Sub, 6):
                    EmitSigned(_a);
                    EmitSigned(_b);
                    _il.Emit(OpCodes.Clt);
                    break;
                case (FlagSource.Sub, 7):
                    // LE: not greater.
                    EmitSigned(_a);
                    EmitSigned(_b);
                    _il.Emit(OpCodes.Cgt);
                    negate = !negate;
                    break;
                case (_, 4) or (FlagSource.Logic, 6):
                    // SF (and, after a logic operation, SF != OF with OF clear).
                    EmitSigned(_r);
                    Constant(0);
                    _il.Emit(OpCodes.Clt);
                    break;
                default:
                    // LE after a logic operation: ZF or SF; the signed result is at most zero.
                    EmitSigned(_r);
                    Constant(1);
                    _il.Emit(OpCodes.Clt);
                    break;
            }
            if (negate)
            {
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
            }
        }

        /// <summary>A deferred operand sign-extended from the deferred size, on the stack.</summary>
        private void EmitSigned(LocalBuilder value)
        {
            _il.Emit(OpCodes.Ldloc, value);
            switch (_size)
            {
                case 1: _il.Emit(OpCodes.Conv_I1); _il.Emit(OpCodes.Conv_I8); break;
                case 2: _il.Emit(OpCodes.Conv_I2); _il.Emit(OpCodes.Conv_I8); break;
                case 4: _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I8); break;
            }
        }

        /// <summary>
        /// Computes a two-operand ALU operation into the new-flags locals (<c>_newR</c> the result), as the interpreter's
        /// Compute does; ADC and SBB take their carry from the flags deferred before it.
        /// </summary>
        private void EmitAlu(AluOp op, int size, System.Action left, System.Action right)
        {
            if (op is AluOp.Adc or AluOp.Sbb)
            {
                EmitFlagArguments(_source, _size);
                _il.Emit(OpCodes.Call, CarryMethod);
                _il.Emit(OpCodes.Stloc, _carry);
            }
            left();
            _il.Emit(OpCodes.Stloc, _newA);
            right();
            _il.Emit(OpCodes.Stloc, _newB);
            _il.Emit(OpCodes.Ldloc, _newA);
            _il.Emit(OpCodes.Ldloc, _newB);
            switch (op)
            {
                case AluOp.Add:
                case AluOp.Adc:
                    _il.Emit(OpCodes.Add);
                    if (op == AluOp.Adc)
                    {
                        _il.Emit(OpCodes.Ldloc, _carry);
                        _il.Emit(OpCodes.Add);
                    }
                    Pend(FlagSource.Add, size);
                    break;
                case AluOp.Sub:
                case AluOp.Sbb:
                case AluOp.Cmp:
                    _il.Emit(OpCodes.Sub);
                    if (op == AluOp.Sbb)
                    {
                        _il.Emit(OpCodes.Ldloc, _carry);
                        _il.Emit(OpCodes.Sub);
                    }
                    Pend(FlagSource.Sub, size, op == AluOp.Sbb);
                    break;
                case AluOp.And:
                case AluOp.Test:
                    _il.Emit(OpCodes.And);
                    Pend(FlagSource.Logic, size);
                    break;
                case AluOp.Or:
                    _il.Emit(OpCodes.Or);
                    Pend(FlagSource.Logic, size);
                    break;
                default:
                    _il.Emit(OpCodes.Xor);
                    Pend(FlagSource.Logic, size);
                    break;
            }
            Mask(size);
            _il.Emit(OpCodes.Stloc, _newR);
        }

        // The flag source the next Commit makes current.
        private FlagSource _newSource;
        private int _newSize;

        private bool _newCarryIn;

        /// <summary>The deferred SUB came from SBB, so its borrow-in keeps the plain comparisons from telling CF and SF != OF.</summary>
        private bool _carryIn;

        private void Pend(FlagSource source, int size, bool carryIn = false) => (_newSource, _newSize, _newCarryIn) = (source, size, carryIn);

        /// <summary>Makes the operation just computed the deferred flags' source.</summary>
        private void Commit()
        {
            _il.Emit(OpCodes.Ldloc, _newA);
            _il.Emit(OpCodes.Stloc, _a);
            _il.Emit(OpCodes.Ldloc, _newB);
            _il.Emit(OpCodes.Stloc, _b);
            _il.Emit(OpCodes.Ldloc, _newR);
            _il.Emit(OpCodes.Stloc, _r);
            (_source, _size, _carryIn) = (_newSource, _newSize, _newCarryIn);
        }

        /// <summary>INC and DEC: CF kept from the flags before, held in B as the interpreter holds it.</summary>
        private void EmitIncDec(ref MicroOp op)
        {
            var size = op.Size;
            EmitFlagArguments(_source, _size);
            _il.Emit(OpCodes.Call, CarryMethod);
            _il.Emit(OpCodes.Stloc, _newB);
            EmitRegister(op.Dst, size);
            _il.Emit(OpCodes.Dup);
            _il.Emit(OpCodes.Stloc, _newA);
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(op.Kind == MicroOpKind.Inc ? OpCodes.Add : OpCodes.Sub);
            Mask(size);
            _il.Emit(OpCodes.Stloc, _newR);
            Pend(op.Kind == MicroOpKind.Inc ? FlagSource.Inc : FlagSource.Dec, size);
            StoreRegister(op.Dst, size, _newR);
            Commit();
        }

        /// <summary>An ALU operation on memory: read, compute, write; a fault on either access leaves the flags as they were.</summary>
        private void EmitAluMemory(int i, ulong rip, ref MicroOp op)
        {
            EmitAddress(ref op);
            EmitRead(i, rip, op.NextRip, op.Segment, op.Size);
            var src = op.Src;
            var size = op.Size;
            var imm = op.Value;
            EmitAlu((AluOp)op.Op, size, () => _il.Emit(OpCodes.Ldloc, _value),
                src == MicroOp.NoRegister ? () => Constant(imm) : EmitMasked(src, size));
            if ((AluOp)op.Op < AluOp.Cmp)
            {
                _il.Emit(OpCodes.Ldloc, _newR);
                _il.Emit(OpCodes.Stloc, _value);
                EmitWrite(i, rip, op.NextRip, op.Segment, op.Size, commitFirst: true);
                return;
            }
            Commit();
        }

        /// <summary>The memory operand's offset into <c>_offset</c>: displacement, base and scaled index, wrapped to the address size.</summary>
        private void EmitAddress(ref MicroOp op)
        {
            Constant(op.Imm);
            if (op.Base != MicroOp.NoRegister)
            {
                _il.Emit(OpCodes.Ldloc, _registers[op.Base]);
                _il.Emit(OpCodes.Add);
            }
            if (op.Index != MicroOp.NoRegister)
            {
                _il.Emit(OpCodes.Ldloc, _registers[op.Index]);
                if (op.Scale != 0)
                {
                    _il.Emit(OpCodes.Ldc_I4, (int)op.Scale);
                    _il.Emit(OpCodes.Shl);
                }
                _il.Emit(OpCodes.Add);
            }
            if (op.AddressMask != ulong.MaxValue)
            {
                Constant(op.AddressMask);
                _il.Emit(OpCodes.And);
            }
            _il.Emit(OpCodes.Stloc, _offset);
        }

        /// <summary>
        /// Reads <paramref name="size"/> bytes at <c>_offset</c> into <c>_value</c>: the TLB hit inline, the rest through the
        /// interpreter; <paramref name="completed"/> is what the instruction does once the read succeeded, before it may leave.
        /// </summary>
        private void EmitRead(int i, ulong rip, ulong nextRip, int segment, int size, System.Action? completed = null)
        {
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            var dirty = _dirty;
            if (EmitTlbHit(segment, size, ReadTagField, ReadHostField, slow))
            {
                Load(size);
                _il.Emit(OpCodes.Stloc, _value);
                completed?.Invoke();
                _il.Emit(OpCodes.Br, done);
            }
            _il.MarkLabel(slow);
            _dirty = dirty;
            EmitSlowArguments(i, rip, nextRip, segment, size);
            _il.Emit(OpCodes.Ldloca, _value);
            _il.Emit(OpCodes.Call, ReadMethod);
            _il.Emit(OpCodes.Brfalse, Exit(_dirty, _source, _size));
            completed?.Invoke();
            EmitCodeWriteCheck(_source, _size);
            _il.MarkLabel(done);
            _lastEnter = i;
        }

        /// <summary>
        /// Writes <c>_value</c> at <c>_offset</c>; with <paramref name="commitFirst"/> the pending ALU result becomes the
        /// deferred flags only once the write has succeeded.
        /// </summary>
        private void EmitWrite(int i, ulong rip, ulong nextRip, int segment, int size, bool commitFirst = false, System.Action? completed = null)
        {
            var slow = _il.DefineLabel();
            var done = _il.DefineLabel();
            var dirty = _dirty;
            if (EmitTlbHit(segment, size, WriteTagField, WriteHostField, slow))
            {
                _il.Emit(OpCodes.Ldloc, _value);
                Store(size);
                completed?.Invoke();
                _il.Emit(OpCodes.Br, done);
            }
            _il.MarkLabel(slow);
            _dirty = dirty;
            EmitSlowArguments(i, rip, nextRip, segment, size);
            _il.Emit(OpCodes.Ldloc, _value);
            _il.Emit(OpCodes.Call, WriteMethod);
            _il.Emit(OpCodes.Brfalse, Exit(_dirty, _source, _size));
            completed?.Invoke();
            EmitCodeWriteCheck(commitFirst ? _newSource : _source, commitFirst ? _newSize : _size, commitFirst);
            _il.MarkLabel(done);
            if (commitFirst)
                Commit();
            _lastEnter = i;
        }

        /// <summary>After a slow access, as the block loop checks: a write to decoded code leaves the block after this instruction.</summary>
        private void EmitCodeWriteCheck(FlagSource source, int size, bool committing = false)
        {
            var stay = _il.DefineLabel();
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, CodeWrittenField);
            _il.Emit(OpCodes.Brfalse, stay);
            if (committing)
            {
                // The write succeeded: its flags are the ones to publish, so make them current on this path too.
                _il.Emit(OpCodes.Ldloc, _newA);
                _il.Emit(OpCodes.Stloc, _a);
                _il.Emit(OpCodes.Ldloc, _newB);
                _il.Emit(OpCodes.Stloc, _b);
                _il.Emit(OpCodes.Ldloc, _newR);
                _il.Emit(OpCodes.Stloc, _r);
            }
            _il.Emit(OpCodes.Br, Exit(_dirty, source, size));
            _il.MarkLabel(stay);
        }

        /// <summary>
        /// The first-level TLB's hit test for a flat 64-bit access (segments other than FS and GS add no base there):
        /// leaves the host address on the stack, or branches to <paramref name="slow"/>; false when it is not flat.
        /// </summary>
        private bool EmitTlbHit(int segment, int size, FieldInfo tags, FieldInfo hosts, Label slow)
        {
            if (!_long64 || segment >= FsIndex)
                return false;
            // No canonical test: tags come from canonical addresses and keep all 52 page bits, so a non-canonical offset misses.
            _il.Emit(OpCodes.Ldloc, _offset);
            _il.Emit(OpCodes.Ldc_I4, 12);
            _il.Emit(OpCodes.Shr_Un);
            _il.Emit(OpCodes.Conv_I4);
            _il.Emit(OpCodes.Ldc_I4, TlbSize - 1);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Stloc, _slot);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, tags);
            _il.Emit(OpCodes.Ldloc, _slot);
            _il.Emit(OpCodes.Ldelem_I8);
            _il.Emit(OpCodes.Ldloc, _offset);
            _il.Emit(OpCodes.Ldc_I4, 12);
            _il.Emit(OpCodes.Shr_Un);
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Shl);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, UserTagField);
            _il.Emit(OpCodes.Or);
            _il.Emit(OpCodes.Bne_Un, slow);
            _il.Emit(OpCodes.Ldloc, _offset);
            Constant(0xFFF);
            _il.Emit(OpCodes.And);
            Constant((ulong)(4096 - size));
            _il.Emit(OpCodes.Bgt_Un, slow);
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, hosts);
            _il.Emit(OpCodes.Ldloc, _slot);
            _il.Emit(OpCodes.Ldelem_I);
            _il.Emit(OpCodes.Ldloc, _offset);
            Constant(0xFFF);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Conv_I);
            _il.Emit(OpCodes.Add);
            return true;
        }

        /// <summary>The arguments the interpreter's access takes after the vCPU: position, segment, offset and size.</summary>
        private void EmitSlowArguments(int i, ulong rip, ulong nextRip, int segment, int size)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldc_I4, i);
            Constant(rip);
            Constant(nextRip);
            _il.Emit(OpCodes.Ldarg_2);
            _il.Emit(OpCodes.Ldc_I4, segment);
            _il.Emit(OpCodes.Ldloc, _offset);
            _il.Emit(OpCodes.Ldc_I4, size);
        }

        /// <summary>
        /// An early exit publishing <paramref name="dirty"/> and the flags deferred from <paramref name="source"/>: one per
        /// distinct three, since its code reads only locals, and RyuJIT's compile grows with every copy.
        /// </summary>
        private Label Exit(int dirty, FlagSource source, int size)
        {
            foreach (var exit in _exits)
            {
                if (exit.Dirty == dirty && exit.Source == source && exit.Size == size)
                    return exit.Label;
            }
            var label = _il.DefineLabel();
            _exits.Add((label, dirty, source, size));
            return label;
        }

        private void PublishFlags(FlagSource source, int size) => StoreState(FlagsField, () => EmitResolvedFlags(source, size));

        /// <summary>RFLAGS with the deferred flags filled in, on the stack.</summary>
        private void EmitResolvedFlags(FlagSource source, int size)
        {
            if (source == FlagSource.None)
            {
                _il.Emit(OpCodes.Ldloc, _flags);
                return;
            }
            EmitFlagArguments(source, size);
            _il.Emit(OpCodes.Call, ResolveMethod);
        }

        /// <summary>The <see cref="TranslatedFlags"/> arguments up to the flags: source and size as constants, then A, B, R, RFLAGS.</summary>
        private void EmitFlagArguments(FlagSource source, int size)
        {
            _il.Emit(OpCodes.Ldc_I4, (int)source);
            _il.Emit(OpCodes.Ldc_I4, size);
            _il.Emit(OpCodes.Ldloc, _a);
            _il.Emit(OpCodes.Ldloc, _b);
            _il.Emit(OpCodes.Ldloc, _r);
            _il.Emit(OpCodes.Ldloc, _flags);
        }

        /// <summary>Register <paramref name="index"/> masked to <paramref name="size"/>, on the stack.</summary>
        private void EmitRegister(int index, int size)
        {
            _il.Emit(OpCodes.Ldloc, _registers[index]);
            Mask(size);
        }

        private System.Action EmitMasked(int index, int size) => () => EmitRegister(index, size);

        /// <summary>Stores the value on the stack into a register with x86 merge rules: 32-bit writes zero-extend, 8 and 16-bit ones merge.</summary>
        private void StoreRegister(int index, int size)
        {
            var local = _registers[index];
            switch (size)
            {
                case 8:
                    break;
                case 4:
                    _il.Emit(OpCodes.Conv_U4);
                    _il.Emit(OpCodes.Conv_U8);
                    break;
                default:
                    _il.Emit(size == 2 ? OpCodes.Conv_U2 : OpCodes.Conv_U1);
                    _il.Emit(OpCodes.Conv_U8);
                    _il.Emit(OpCodes.Ldloc, local);
                    Constant(size == 2 ? ~0xFFFFUL : ~0xFFUL);
                    _il.Emit(OpCodes.And);
                    _il.Emit(OpCodes.Or);
                    break;
            }
            _il.Emit(OpCodes.Stloc, local);
            _dirty |= 1 << index;
        }

        private void StoreRegister(int index, int size, LocalBuilder value)
        {
            _il.Emit(OpCodes.Ldloc, value);
            StoreRegister(index, size);
        }

        private void LoadRegister(int index)
        {
            _il.Emit(OpCodes.Ldarg_1);
            if (index != 0)
            {
                _il.Emit(OpCodes.Ldc_I4, index * sizeof(ulong));
                _il.Emit(OpCodes.Add);
            }
            _il.Emit(OpCodes.Ldind_I8);
            _il.Emit(OpCodes.Stloc, _registers[index]);
        }

        /// <summary>Writes the locals of the registers in <paramref name="dirty"/> back to the register file.</summary>
        private void Spill(int dirty)
        {
            for (var index = 0; index < GprFile.Count; index++)
            {
                if ((dirty & (1 << index)) == 0)
                    continue;
                _il.Emit(OpCodes.Ldarg_1);
                if (index != 0)
                {
                    _il.Emit(OpCodes.Ldc_I4, index * sizeof(ulong));
                    _il.Emit(OpCodes.Add);
                }
                _il.Emit(OpCodes.Ldloc, _registers[index]);
                _il.Emit(OpCodes.Stind_I8);
            }
        }

        private void LoadState(FieldInfo field)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldflda, StateField);
            _il.Emit(OpCodes.Ldfld, field);
        }

        private void StoreState(FieldInfo field, System.Action value)
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldflda, StateField);
            value();
            _il.Emit(OpCodes.Stfld, field);
        }

        private void Mask(int size)
        {
            if (size == 8)
                return;
            Constant(SizeMask(size));
            _il.Emit(OpCodes.And);
        }

        private void Constant(ulong value) => _il.Emit(OpCodes.Ldc_I8, (long)value);

        private void Load(int size)
        {
            _il.Emit(OpCodes.Unaligned, (byte)1);
            switch (size)
            {
                case 1: _il.Emit(OpCodes.Ldind_U1); _il.Emit(OpCodes.Conv_U8); break;
                case 2: _il.Emit(OpCodes.Ldind_U2); _il.Emit(OpCodes.Conv_U8); break;
                case 4: _il.Emit(OpCodes.Ldind_U4); _il.Emit(OpCodes.Conv_U8); break;
                default: _il.Emit(OpCodes.Ldind_I8); break;
            }
        }

        private void Store(int size)
        {
            var store = size switch { 1 => OpCodes.Stind_I1, 2 => OpCodes.Stind_I2, 4 => OpCodes.Stind_I4, _ => OpCodes.Stind_I8 };
            if (size != 8)
                _il.Emit(size == 4 ? OpCodes.Conv_U4 : size == 2 ? OpCodes.Conv_U2 : OpCodes.Conv_U1);
            _il.Emit(OpCodes.Unaligned, (byte)1);
            _il.Emit(store);
        }

        /// <summary>The registers micro-op <paramref name="i"/> names (none for one the interpreter runs: it goes through the file).</summary>
        private int Registers(int i)
        {
            ref var op = ref _block.Ops[i];
            var mask = 0;
            switch (op.Kind)
            {
                case MicroOpKind.Jcc:
                case MicroOpKind.Jmp:
                case MicroOpKind.Nop:
                    return 0;
                case MicroOpKind.Loop:
                    return 1 << 1;
                case MicroOpKind.AluRegReg:
                case MicroOpKind.MovRegReg:
                    return (1 << op.Dst) | (1 << op.Src);
                case MicroOpKind.AluRegImm:
                case MicroOpKind.Inc:
                case MicroOpKind.Dec:
                case MicroOpKind.MovRegImm:
                    return 1 << op.Dst;
                case MicroOpKind.Load:
                case MicroOpKind.Lea:
                case MicroOpKind.AluRegMem:
                    mask = 1 << op.Dst;
                    break;
                case MicroOpKind.Store:
                    mask = 1 << op.Src;
                    break;
                case MicroOpKind.AluMem:
                    mask = op.Src == MicroOp.NoRegister ? 0 : 1 << op.Src;
                    break;
                case MicroOpKind.StoreImm:
                    break;
                default:
                    return GenericRegisters(i);
            }
            if (op.Base != MicroOp.NoRegister)
                mask |= 1 << op.Base;
            if (op.Index != MicroOp.NoRegister)
                mask |= 1 << op.Index;
            return mask;
        }

        /// <summary>
        /// The registers an instruction the translator emits from its Iced form names (its register operands, its address's
        /// and RSP for a stack form); none for one it leaves to the interpreter.
        /// </summary>
        private int GenericRegisters(int i)
        {
            if (!Native(_block, i))
                return 0;
            ref var ins = ref _block.Code[i];
            var mask = StackFormOf(_block, i) is StackForm.None ? 0 : 1 << Rsp;
            for (var operand = 0; operand < ins.OpCount; operand++)
            {
                if (ins.GetOpKind(operand) == Iced.Intel.OpKind.Register && GprInfo[(int)ins.GetOpRegister(operand)] is { Size: not 0 } register)
                    mask |= 1 << register.Index;
                else if (ins.GetOpKind(operand) == Iced.Intel.OpKind.Memory)
                {
                    var memory = default(MicroOp);
                    FastMemory(ref ins, ref memory);
                    if (memory.Base != MicroOp.NoRegister)
                        mask |= 1 << memory.Base;
                    if (memory.Index != MicroOp.NoRegister)
                        mask |= 1 << memory.Index;
                }
            }
            return mask;
        }

        private static bool IsBranch(MicroOpKind kind) => kind is MicroOpKind.Jcc or MicroOpKind.Jmp or MicroOpKind.Loop;

        /// <summary>Whether the translator emits instruction <paramref name="i"/> itself rather than calling the interpreter for it.</summary>
        private static bool Native(DecodedBlock block, int i) =>
            block.Ops[i].Kind is not (MicroOpKind.Generic or MicroOpKind.PortIn or MicroOpKind.PortOut)
            || StackFormOf(block, i) is not StackForm.None || IntegerFormOf(block, i) is not IntegerForm.None
            || SseFormOf(block, i).Kind is not SseKind.None;
    }
}
