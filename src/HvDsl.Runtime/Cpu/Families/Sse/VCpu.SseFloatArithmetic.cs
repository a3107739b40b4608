using System;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>ADDPS..MAXPS and CMPPS: every binary32 element of the destination with the same element of xmm/m128.</summary>
    private static StepOutcome SsePackedSingle(VCpu cpu, ref Instruction ins) => cpu.SseElementwise<Float32>(ref ins, packed: true);

    /// <summary>ADDPD..MAXPD and CMPPD: both binary64 elements.</summary>
    private static StepOutcome SsePackedDouble(VCpu cpu, ref Instruction ins) => cpu.SseElementwise<Float64>(ref ins, packed: true);

    /// <summary>ADDSS..MAXSS and CMPSS: the low binary32 element with xmm/m32; bits 127:32 of the destination kept.</summary>
    private static StepOutcome SseScalarSingle(VCpu cpu, ref Instruction ins) => cpu.SseElementwise<Float32>(ref ins, packed: false);

    /// <summary>ADDSD..MAXSD and CMPSD: the low binary64 element with xmm/m64; bits 127:64 of the destination kept.</summary>
    private static StepOutcome SseScalarDouble(VCpu cpu, ref Instruction ins) => cpu.SseElementwise<Float64>(ref ins, packed: false);

    /// <summary>
    /// One arithmetic or compare instruction over the destination's elements (all, or the low one for scalar forms):
    /// MXCSR's rounding, DAZ and FTZ apply to each, their flags are ORed, and an unmasked exception in any element leaves
    /// the whole destination unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private StepOutcome SseElementwise<T>(ref Instruction ins, bool packed) where T : struct, IBinaryFloat<T>
    {
        if (!SseAvailable() || !ReadSseSource(ref ins, packed ? 128 : T.Width, out var source))
            return Stopped;
        var env = SseEnvironment();
        var destination = Xmm(ins.Op0Register);
        var result = destination;
        var elements = packed ? 128 / T.Width : 1;
        for (var lane = 0; lane < elements; lane++)
            result = SseElement(ref ins, T.FromLane(destination, lane), T.FromLane(source, lane), env).InLane(result, lane);
        SseCompleteInto(ins.Op0Register, result, env);
        return Stopped;
    }

    /// <summary>One element of <see cref="SseElementwise"/>: destination OP source (SQRT* of the source alone; CMP* all ones when its imm8[2:0] predicate holds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T SseElement<T>(ref Instruction ins, T a, T b, FpEnvironment env) where T : struct, IBinaryFloat<T> => ins.Mnemonic switch
    {
        Mnemonic.Addps or Mnemonic.Addpd or Mnemonic.Addss or Mnemonic.Addsd => SoftFloat.Add(a, b, env),
        Mnemonic.Subps or Mnemonic.Subpd or Mnemonic.Subss or Mnemonic.Subsd => SoftFloat.Subtract(a, b, env),
        Mnemonic.Mulps or Mnemonic.Mulpd or Mnemonic.Mulss or Mnemonic.Mulsd => SoftFloat.Multiply(a, b, env),
        Mnemonic.Divps or Mnemonic.Divpd or Mnemonic.Divss or Mnemonic.Divsd => SoftFloat.Divide(a, b, env),
        Mnemonic.Sqrtps or Mnemonic.Sqrtpd or Mnemonic.Sqrtss or Mnemonic.Sqrtsd => SoftFloat.SquareRoot(b, env),
        Mnemonic.Minps or Mnemonic.Minpd or Mnemonic.Minss or Mnemonic.Minsd => SoftFloat.Minimum(a, b, env),
        Mnemonic.Maxps or Mnemonic.Maxpd or Mnemonic.Maxss or Mnemonic.Maxsd => SoftFloat.Maximum(a, b, env),
        _ => SoftFloat.ComparePredicate(a, b, ins.Immediate8 & 7, env) ? T.FromLane(UInt128.MaxValue, 0) : default,
    };

    /// <summary>RCPPS/RCPSS/RSQRTPS/RSQRTSS: approximations that neither read nor write MXCSR (<see cref="FpApproximation"/>).</summary>
    private static StepOutcome SseApproximation(VCpu cpu, ref Instruction ins)
    {
        var packed = ins.Mnemonic is Mnemonic.Rcpps or Mnemonic.Rsqrtps;
        if (!cpu.SseAvailable() || !cpu.ReadSseSource(ref ins, packed ? 128 : 32, out var source))
            return cpu.Stopped;
        ref var destination = ref cpu.Xmm(ins.Op0Register);
        var result = destination;
        var squareRoot = ins.Mnemonic is Mnemonic.Rsqrtps or Mnemonic.Rsqrtss;
        for (var lane = 0; lane < (packed ? 4 : 1); lane++)
        {
            var x = Float32.FromLane(source, lane);
            result = (squareRoot ? FpApproximation.ReciprocalSquareRoot(x) : FpApproximation.Reciprocal(x)).InLane(result, lane);
        }
        destination = result;
        return cpu.Stopped;
    }
}
