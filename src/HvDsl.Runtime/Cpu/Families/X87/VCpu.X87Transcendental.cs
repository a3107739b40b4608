using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>FSIN, FCOS, FPTAN (pushes 1.0 after the tangent, or the NaN again) and FSINCOS (pushes the cosine): C2 set and ST(0) kept when |ST(0)| ≥ 2^63.</summary>
    private static StepOutcome Trigonometric(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var pushes = ins.Mnemonic is Mnemonic.Fptan or Mnemonic.Fsincos;
        if (cpu.X87Underflowed(0, 0, 0, pop: false))
        {
            // The pushing forms answer a masked underflow with the indefinite in both slots, as the host processor does.
            if (pushes && cpu.X87InvalidMasked)
                cpu.X87Push(X87Indefinite);
            return cpu.Stopped;
        }
        if (pushes && cpu.X87SecondSlotOverflowed())
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var a = ToExtended(cpu.St(0)).Unpack(env);
        var function = ins.Mnemonic switch
        {
            Mnemonic.Fcos => FpTranscendental.Trigonometric.Cosine,
            Mnemonic.Fptan => FpTranscendental.Trigonometric.Tangent,
            _ => FpTranscendental.Trigonometric.Sine,
        };
        var inRange = FpTranscendental.Trig(a, function, env, out var result);
        FpValue cosine = default;
        if (inRange && ins.Mnemonic == Mnemonic.Fsincos)
            FpTranscendental.Trig(a, FpTranscendental.Trigonometric.Cosine, env, out cosine);
        if (!cpu.X87Complete(env))
            return cpu.Stopped;
        cpu._state.Fsw = (ushort)(cpu._state.Fsw & ~FpX87.C2 | (inRange ? 0 : FpX87.C2));
        if (!inRange)
            return cpu.Stopped;
        cpu.X87Set(0, ToRegister(Extended80.Pack(result)));
        if (ins.Mnemonic == Mnemonic.Fptan)
            cpu.X87Push(result.IsNaN ? ToRegister(Extended80.Pack(result)) : ToRegister(new Extended80(0x3FFF, 1UL << 63)));
        else if (ins.Mnemonic == Mnemonic.Fsincos)
            cpu.X87Push(ToRegister(Extended80.Pack(cosine)));
        return cpu.Stopped;
    }

    /// <summary>F2XM1 on ST(0); FPATAN, FYL2X and FYL2XP1 write ST(1) from ST(1) and ST(0), then pop.</summary>
    private static StepOutcome Logarithmic(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var single = ins.Mnemonic == Mnemonic.F2xm1;
        if (cpu.X87Underflowed(0, single ? 0 : 1, single ? 0 : 1, pop: !single))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var x = ToExtended(cpu.St(0)).Unpack(env);
        if (single)
        {
            cpu.X87WriteResult(0, FpTranscendental.TwoToXMinusOne(x, env), env, pop: false);
            return cpu.Stopped;
        }
        var y = ToExtended(cpu.St(1)).Unpack(env);
        var result = ins.Mnemonic switch
        {
            Mnemonic.Fpatan => FpTranscendental.Arctangent(y, x, env),
            Mnemonic.Fyl2x => FpTranscendental.YLog2X(y, x, env),
            _ => FpTranscendental.YLog2XPlusOne(y, x, env),
        };
        cpu.X87WriteResult(1, result, env, pop: true);
        return cpu.Stopped;
    }
}
