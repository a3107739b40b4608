using System;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    // crossgen2 cannot precompile methods taking UInt128 or FpValue: these hot ones are compiled optimized at their first call, not run at tier 0 first.

    /// <summary>CVTSI2SS/CVTSI2SD: a signed r/m32 or r/m64 rounded under MXCSR into the low element; the rest of the destination kept.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static StepOutcome SseIntegerToScalar(VCpu cpu, ref Instruction ins)
    {
        var size = ins.Op1Kind == OpKind.Register ? GprInfo[(int)ins.Op1Register].Size : MemorySizes[(int)ins.MemorySize];
        if (!cpu.SseAvailable() || !cpu.ReadOp(ref ins, 1, size, out var raw))
            return cpu.Stopped;
        var value = size == 4 ? (int)raw : (long)raw;
        var env = cpu.SseEnvironment();
        var destination = cpu.Xmm(ins.Op0Register);
        cpu.SseCompleteInto(ins.Op0Register, ins.Mnemonic == Mnemonic.Cvtsi2ss
            ? SoftFloat.FromInteger<Float32>(value, env).InLane(destination, 0)
            : SoftFloat.FromInteger<Float64>(value, env).InLane(destination, 0), env);
        return cpu.Stopped;
    }

    /// <summary>
    /// CVTSS2SI/CVTSD2SI (MXCSR rounding) and CVTTSS2SI/CVTTSD2SI (truncating) into r32 or r64; NaN and out-of-range
    /// values give the integer indefinite (only the sign bit set) with IE.
    /// </summary>
    private static StepOutcome SseScalarToInteger(VCpu cpu, ref Instruction ins)
    {
        var isDouble = ins.Mnemonic is Mnemonic.Cvtsd2si or Mnemonic.Cvttsd2si;
        if (!cpu.SseAvailable() || !cpu.ReadSseSource(ref ins, isDouble ? 64 : 32, out var source))
            return cpu.Stopped;
        var env = cpu.SseEnvironment();
        var bits = 8 * GprInfo[(int)ins.Op0Register].Size;
        var truncate = ins.Mnemonic is Mnemonic.Cvttss2si or Mnemonic.Cvttsd2si;
        var value = isDouble ? SoftFloat.ToInteger(Float64.FromLane(source, 0), bits, truncate, env)
            : SoftFloat.ToInteger(Float32.FromLane(source, 0), bits, truncate, env);
        if (cpu.SseComplete(env))
            cpu.SetGpr(ins.Op0Register, (ulong)value);
        return cpu.Stopped;
    }

    /// <summary>CVTSS2SD/CVTSD2SS: the low element converted between formats; the rest of the destination kept.</summary>
    private static StepOutcome SseScalarConvert(VCpu cpu, ref Instruction ins)
    {
        var fromSingle = ins.Mnemonic == Mnemonic.Cvtss2sd;
        if (!cpu.SseAvailable() || !cpu.ReadSseSource(ref ins, fromSingle ? 32 : 64, out var source))
            return cpu.Stopped;
        var env = cpu.SseEnvironment();
        var destination = cpu.Xmm(ins.Op0Register);
        cpu.SseCompleteInto(ins.Op0Register, fromSingle
            ? SoftFloat.Convert<Float32, Float64>(Float32.FromLane(source, 0), env).InLane(destination, 0)
            : SoftFloat.Convert<Float64, Float32>(Float64.FromLane(source, 0), env).InLane(destination, 0), env);
        return cpu.Stopped;
    }

    /// <summary>
    /// The packed conversions into an XMM register: CVTPS2PD and CVTDQ2PD (from xmm/m64), CVTPD2PS, CVTPD2DQ and
    /// CVTTPD2DQ (two results, bits 127:64 zeroed), CVTDQ2PS, CVTPS2DQ and CVTTPS2DQ (four results).
    /// </summary>
    private static StepOutcome SsePackedConvert(VCpu cpu, ref Instruction ins)
    {
        var narrowSource = ins.Mnemonic is Mnemonic.Cvtps2pd or Mnemonic.Cvtdq2pd;
        if (!cpu.SseAvailable() || !cpu.ReadSseSource(ref ins, narrowSource ? 64 : 128, out var source))
            return cpu.Stopped;
        var env = cpu.SseEnvironment();
        cpu.SseCompleteInto(ins.Op0Register, PackedConversion(ins.Mnemonic, source, env), env);
        return cpu.Stopped;
    }

    /// <summary>
    /// The MMX conversions: CVTPI2PS (two singles into the low half, the high half kept) and CVTPI2PD from mm/m64;
    /// CVTPS2PI/CVTTPS2PI from xmm/m64 and CVTPD2PI/CVTTPD2PI from xmm/m128 into an MMX register. They check for a
    /// pending x87 exception as MMX instructions do, and an MMX register operand makes the x87-to-MMX transition.
    /// </summary>
    private static StepOutcome SseMmxConvert(VCpu cpu, ref Instruction ins)
    {
        var toMmx = ins.Mnemonic is Mnemonic.Cvtps2pi or Mnemonic.Cvttps2pi or Mnemonic.Cvtpd2pi or Mnemonic.Cvttpd2pi;
        if (!cpu.SseAvailable() || !cpu.X87NoPendingException())
            return cpu.Stopped;
        UInt128 source;
        if (toMmx)
        {
            if (!cpu.ReadSseSource(ref ins, ins.Mnemonic is Mnemonic.Cvtpd2pi or Mnemonic.Cvttpd2pi ? 128 : 64, out source))
                return cpu.Stopped;
        }
        else
        {
            if (!cpu.ReadMm(ref ins, 1, out var integers))
                return cpu.Stopped;
            source = integers;
        }
        if (toMmx || ins.Op1Kind == OpKind.Register)
            cpu.EnterMmx();
        var env = cpu.SseEnvironment();
        var result = PackedConversion(ins.Mnemonic, source, env);
        if (!cpu.SseComplete(env))
            return cpu.Stopped;
        if (toMmx)
            cpu.SetMm(ins.Op0Register, (ulong)result);
        else if (ins.Mnemonic == Mnemonic.Cvtpi2ps)
            cpu.Xmm(ins.Op0Register) = WithLow64(cpu.Xmm(ins.Op0Register), (ulong)result);
        else
            cpu.Xmm(ins.Op0Register) = result;
        return cpu.Stopped;
    }

    /// <summary>The elements of a packed conversion, element i of the source to element i of the result (unused high elements zero).</summary>
    private static UInt128 PackedConversion(Mnemonic mnemonic, UInt128 source, FpEnvironment env)
    {
        var result = UInt128.Zero;
        switch (mnemonic)
        {
            case Mnemonic.Cvtps2pd:
                for (var i = 0; i < 2; i++)
                    result = SoftFloat.Convert<Float32, Float64>(Float32.FromLane(source, i), env).InLane(result, i);
                break;
            case Mnemonic.Cvtpd2ps:
                for (var i = 0; i < 2; i++)
                    result = SoftFloat.Convert<Float64, Float32>(Float64.FromLane(source, i), env).InLane(result, i);
                break;
            case Mnemonic.Cvtdq2ps or Mnemonic.Cvtpi2ps:
                for (var i = 0; i < (mnemonic == Mnemonic.Cvtdq2ps ? 4 : 2); i++)
                    result = SoftFloat.FromInteger<Float32>((int)(uint)(source >> (32 * i)), env).InLane(result, i);
                break;
            case Mnemonic.Cvtdq2pd or Mnemonic.Cvtpi2pd:
                for (var i = 0; i < 2; i++)
                    result = SoftFloat.FromInteger<Float64>((int)(uint)(source >> (32 * i)), env).InLane(result, i);
                break;
            case Mnemonic.Cvtps2dq or Mnemonic.Cvttps2dq or Mnemonic.Cvtps2pi or Mnemonic.Cvttps2pi:
                var truncateSingle = mnemonic is Mnemonic.Cvttps2dq or Mnemonic.Cvttps2pi;
                for (var i = 0; i < (mnemonic is Mnemonic.Cvtps2dq or Mnemonic.Cvttps2dq ? 4 : 2); i++)
                    result |= (UInt128)(uint)SoftFloat.ToInteger(Float32.FromLane(source, i), 32, truncateSingle, env) << (32 * i);
                break;
            default:
                var truncateDouble = mnemonic is Mnemonic.Cvttpd2dq or Mnemonic.Cvttpd2pi;
                for (var i = 0; i < 2; i++)
                    result |= (UInt128)(uint)SoftFloat.ToInteger(Float64.FromLane(source, i), 32, truncateDouble, env) << (32 * i);
                break;
        }
        return result;
    }
}
