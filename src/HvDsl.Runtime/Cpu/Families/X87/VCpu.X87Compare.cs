using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// FCOM/FUCOM/FICOM/FTST (C3, C2, C0) and FCOMI/FUCOMI (ZF, PF, CF), with their popping forms: the U forms raise IE only
    /// for an SNaN; a stack underflow answers unordered. The codes or flags are written even when IE or DE is unmasked (as the
    /// host processor, an AMD EPYC, does in the x87 form differential), but then nothing is popped.
    /// </summary>
    private static StepOutcome X87Compare(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var other = ins.Mnemonic is Mnemonic.Fcompp or Mnemonic.Fucompp ? 1
            : ins.Op0Kind == OpKind.Register && ins.OpCount == 2 ? ins.Op1Register - Register.ST0 : 0;
        FpOrder order;
        bool proceed;
        if (cpu.X87Empty(0) || cpu.X87Empty(other))
        {
            cpu.X87StackFault(overflow: false);
            proceed = cpu.X87InvalidMasked;
            order = FpOrder.Unordered;
        }
        else
        {
            FpValue source;
            if (ins.Mnemonic == Mnemonic.Ftst)
                source = FpValue.Zero(false);
            else if (ins.Op0Kind == OpKind.Memory)
            {
                if (!cpu.X87Source(ref ins, env, out source))
                    return cpu.Stopped;
            }
            else
                source = ToExtended(cpu.St(other)).Unpack(env);
            var signaling = ins.Mnemonic is not (Mnemonic.Fucom or Mnemonic.Fucomp or Mnemonic.Fucompp or Mnemonic.Fucomi or Mnemonic.Fucomip);
            order = FpCompare.Order(ToExtended(cpu.St(0)).Unpack(env), source, signaling, env);
            env.RoundedUp = false;
            proceed = cpu.X87Complete(env);
        }
        if (ins.Mnemonic is Mnemonic.Fcomi or Mnemonic.Fcomip or Mnemonic.Fucomi or Mnemonic.Fucomip)
        {
            const ulong arithmetic = Cpu.RFlags.CF | Cpu.RFlags.PF | Cpu.RFlags.AF | Cpu.RFlags.ZF | Cpu.RFlags.SF | Cpu.RFlags.OF;
            cpu._state.RFlags = cpu._state.RFlags & ~arithmetic | FpCompare.ComparisonFlags(order);
            cpu.X87ClearC1();
        }
        else
            cpu._state.Fsw = (ushort)(cpu._state.Fsw & ~FswConditionCodes | FpCompare.ConditionCodes(order));
        if (!proceed)
            return cpu.Stopped;
        var pops = ins.Mnemonic switch
        {
            Mnemonic.Fcompp or Mnemonic.Fucompp => 2,
            Mnemonic.Fcomp or Mnemonic.Fucomp or Mnemonic.Ficomp or Mnemonic.Fcomip or Mnemonic.Fucomip => 1,
            _ => 0,
        };
        for (var i = 0; i < pops; i++)
            cpu.X87Pop();
        return cpu.Stopped;
    }

    /// <summary>FXAM: C3, C2, C0 classify ST(0) (empty, NaN, infinity, zero, denormal, normal, unsupported) and C1 is its sign; it raises nothing.</summary>
    private static StepOutcome Fxam(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var codes = FpX87.Examine(ToExtended(cpu.St(0)), cpu.X87Empty(0));
        cpu._state.Fsw = (ushort)(cpu._state.Fsw & ~FswConditionCodes | codes);
        return cpu.Stopped;
    }
}
