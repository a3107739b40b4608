using System;
using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using Iced.Intel;
using Flags = HvDsl.Runtime.Cpu.RFlags;
using Label = System.Reflection.Emit.Label;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private sealed partial class BlockTranslator
    {
        private static readonly MethodInfo BitsToDouble = typeof(BitConverter).GetMethod(nameof(BitConverter.UInt64BitsToDouble))!;
        private static readonly MethodInfo DoubleToBits = typeof(BitConverter).GetMethod(nameof(BitConverter.DoubleToUInt64Bits))!;
        private static readonly MethodInfo SquareRootMethod = typeof(Math).GetMethod(nameof(Math.Sqrt), [typeof(double)])!;

        /// <summary>
        /// ADDSD, SUBSD, MULSD, DIVSD or SQRTSD into lane <paramref name="d"/> inline, where <see cref="TranslatedSse.ScalarDouble"/>
        /// would surely take the host's result unchanged: PE already set (<see cref="TranslatedSse.Sticky"/>) and the operands
        /// and the result normal within its reach, so nothing overflows, underflows, faults or is inexact unseen. Anything
        /// else branches to <paramref name="call"/>, which calls it. Its calls cost a block more than this code.
        /// </summary>
        private void EmitHostScalarDouble(ref Instruction ins, int op, int d, Label call)
        {
            _il.Emit(OpCodes.Ldloc, SseMode);
            _il.Emit(OpCodes.Ldc_I4, TranslatedSse.Sticky);
            _il.Emit(OpCodes.Bne_Un, call);
            if (op != TranslatedSse.SquareRoot)
            {
                _il.Emit(OpCodes.Ldloc, Lane(d));
                EmitWithinReach(positive: false, call);
            }
            EmitSseOperand(ref ins, 0);
            EmitWithinReach(positive: op == TranslatedSse.SquareRoot, call);
            if (op == TranslatedSse.SquareRoot)
            {
                EmitSseOperand(ref ins, 0);
                _il.Emit(OpCodes.Call, BitsToDouble);
                _il.Emit(OpCodes.Call, SquareRootMethod);
            }
            else
            {
                EmitDoubles(ref ins, d);
                _il.Emit(op switch { TranslatedSse.Add => OpCodes.Add, TranslatedSse.Subtract => OpCodes.Sub, TranslatedSse.Multiply => OpCodes.Mul, _ => OpCodes.Div });
            }
            _il.Emit(OpCodes.Call, DoubleToBits);
            _il.Emit(OpCodes.Stloc, SseResult);
            // The root of a number within reach is within reach.
            if (op != TranslatedSse.SquareRoot)
            {
                _il.Emit(OpCodes.Ldloc, SseResult);
                EmitWithinReach(positive: false, call);
            }
            _il.Emit(OpCodes.Ldloc, SseResult);
            WriteLane(d);
        }

        /// <summary>
        /// COMISD or UCOMISD of lane <paramref name="d"/> with the operand inline when both are normal numbers, which
        /// <see cref="TranslatedSse.Compare"/> orders on the host without an exception: RFLAGS' arithmetic flags cleared but
        /// CF for less and ZF for equal. Anything else (zero, infinity, NaN, denormal) branches to <paramref name="call"/>.
        /// </summary>
        private void EmitHostCompareDouble(ref Instruction ins, int d, Label call)
        {
            _il.Emit(OpCodes.Ldloc, Lane(d));
            EmitNormal(call);
            EmitSseOperand(ref ins, 0);
            EmitNormal(call);
            _il.Emit(OpCodes.Ldloc, _flags);
            Constant(~(Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.OF));
            _il.Emit(OpCodes.And);
            EmitDoubles(ref ins, d);
            // CF is bit 0: the comparison's 1 as it stands.
            _il.Emit(OpCodes.Clt);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Or);
            EmitDoubles(ref ins, d);
            _il.Emit(OpCodes.Ceq);
            _il.Emit(OpCodes.Conv_U8);
            _il.Emit(OpCodes.Ldc_I4, BitOperations.Log2(Flags.ZF));
            _il.Emit(OpCodes.Shl);
            _il.Emit(OpCodes.Or);
            _il.Emit(OpCodes.Stloc, _flags);
        }

        /// <summary>Lane <paramref name="d"/> and the operand as binary64 values, on the stack.</summary>
        private void EmitDoubles(ref Instruction ins, int d)
        {
            _il.Emit(OpCodes.Ldloc, Lane(d));
            _il.Emit(OpCodes.Call, BitsToDouble);
            EmitSseOperand(ref ins, 0);
            _il.Emit(OpCodes.Call, BitsToDouble);
        }

        /// <summary>Takes binary64 bits off the stack and branches to <paramref name="call"/> unless they are a normal number (either sign).</summary>
        private void EmitNormal(Label call) => EmitExponentWithin(1, 0x7FE, signed: false, call);

        /// <summary>
        /// Takes binary64 bits off the stack and branches to <paramref name="call"/> unless they are a normal number (not
        /// zero) whose biased exponent is within <see cref="TranslatedSse.DoubleReach"/> of the bias, and, when
        /// <paramref name="positive"/>, positive.
        /// </summary>
        private void EmitWithinReach(bool positive, Label call) =>
            EmitExponentWithin(TranslatedSse.DoubleBias - TranslatedSse.DoubleReach, TranslatedSse.DoubleBias + TranslatedSse.DoubleReach, positive, call);

        /// <summary>
        /// Takes binary64 bits off the stack and branches to <paramref name="call"/> unless their biased exponent lies in
        /// <paramref name="lowest"/>..<paramref name="highest"/>; with <paramref name="signed"/> the sign bit is left in,
        /// so a negative number's field reads 2048 or more and branches too.
        /// </summary>
        private void EmitExponentWithin(int lowest, int highest, bool signed, Label call)
        {
            _il.Emit(OpCodes.Ldc_I4, 52);
            _il.Emit(OpCodes.Shr_Un);
            _il.Emit(OpCodes.Conv_U4);
            if (!signed)
            {
                _il.Emit(OpCodes.Ldc_I4, 0x7FF);
                _il.Emit(OpCodes.And);
            }
            _il.Emit(OpCodes.Ldc_I4, lowest);
            _il.Emit(OpCodes.Sub);
            _il.Emit(OpCodes.Ldc_I4, highest - lowest);
            _il.Emit(OpCodes.Bgt_Un, call);
        }
    }
}
