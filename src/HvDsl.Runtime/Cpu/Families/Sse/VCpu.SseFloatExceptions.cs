using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    private const ulong Cr4Osxmmexcpt = 1 << 10;
    private const byte VectorXm = 19;

    /// <summary>The environment MXCSR gives one SSE floating-point instruction: its rounding, masks, DAZ and FTZ.</summary>
    private FpEnvironment SseEnvironment() => FpEnvironment.FromMxcsr(_state.Mxcsr);

    /// <summary>
    /// Ends an SSE floating-point instruction's computation (SDM vol. 1, 11.5.3): ORs the reported flags into MXCSR and
    /// returns true when the result may be written; on an unmasked exception raises #XM, or #UD while CR4.OSXMMEXCPT is
    /// clear, and returns false so the destination stays as it was.
    /// </summary>
    private bool SseComplete(FpEnvironment env)
    {
        var reported = SseExceptionRule.Reported(env.Flags, env.Masks, out var faults);
        _state.Mxcsr |= (uint)reported;
        if (!faults)
            return true;
        return (_state.Cr4 & Cr4Osxmmexcpt) != 0 ? Fault(VectorXm) : Ud();
    }

    /// <summary>Writes <paramref name="result"/> to XMM <paramref name="register"/> unless <see cref="SseComplete"/> faults.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SseCompleteInto(Register register, System.UInt128 result, FpEnvironment env)
    {
        if (SseComplete(env))
            Xmm(register) = result;
    }

    /// <summary>
    /// Reads an SSE floating-point source of <paramref name="bits"/> (32, 64 or 128), zero-extended: the low part of an XMM
    /// register, m32/m64 at any alignment, or m128 on a 16-byte boundary.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadSseSource(ref Instruction ins, int bits, out System.UInt128 value)
    {
        switch (bits)
        {
            case 32:
                var ok32 = ReadXmm32(ref ins, 1, out var single);
                value = single;
                return ok32;
            case 64:
                var ok64 = ReadXmm64(ref ins, 1, out var pair);
                value = pair;
                return ok64;
            default:
                return ReadXmm(ref ins, 1, out value);
        }
    }
}
