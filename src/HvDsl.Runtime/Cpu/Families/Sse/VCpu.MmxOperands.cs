using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>MMX register MM0..MM7: the significand of x87 physical register R0..R7 (SDM vol. 1, 9.5), not of ST(i).</summary>
    internal ref ulong Mm(Register register) => ref _state.St[register - Register.MM0].Significand;

    /// <summary>
    /// The x87-to-MMX transition every MMX instruction but EMMS makes before it runs (SDM vol. 1, 9.5.1): TOP becomes 0 and
    /// every tag valid.
    /// </summary>
    internal void EnterMmx()
    {
        _state.Fsw &= 0xC7FF;
        _state.Ftw = 0;
    }

    /// <summary>Reads a 64-bit MMX operand: an MMX register, or m64 at any alignment.</summary>
    internal bool ReadMm(ref Instruction ins, int op, out ulong value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            value = Mm(ins.GetOpRegister(op));
            return true;
        }
        return ReadMemory(ref ins, 8, out value);
    }

    /// <summary>Writes MMX register <paramref name="register"/>: the significand, and the exponent and sign field set to all ones as the hardware does.</summary>
    internal void SetMm(Register register, ulong value)
    {
        ref var r = ref _state.St[register - Register.MM0];
        r.Significand = value;
        r.SignExponent = 0xFFFF;
    }

    /// <summary>Writes a 64-bit MMX destination: an MMX register (<see cref="SetMm"/>), or m64.</summary>
    internal bool WriteMm(ref Instruction ins, int op, ulong value)
    {
        if (ins.GetOpKind(op) == OpKind.Register)
        {
            SetMm(ins.GetOpRegister(op), value);
            return true;
        }
        return WriteMemory(ref ins, 8, value);
    }

    /// <summary>EMMS: after the MMX checks, every x87 tag empty again, so x87 code may follow.</summary>
    private static StepOutcome Emms(VCpu cpu, ref Instruction ins)
    {
        if (cpu.MmxAvailable())
            cpu._state.Ftw = 0xFFFF;
        return cpu.Stopped;
    }
}
