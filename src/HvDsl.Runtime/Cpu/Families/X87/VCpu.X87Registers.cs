using System;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Cpu.State;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>FXCH: swaps ST(0) and ST(i); an empty one is a stack underflow and reads as the indefinite when IE is masked.</summary>
    private static StepOutcome Fxch(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var i = ins.Op1Register - Register.ST0;
        if (!cpu.X87ReadOrUnderflow(0, out var top) | !cpu.X87ReadOrUnderflow(i, out var other))
            return cpu.Stopped;
        cpu.X87ClearC1();
        cpu.X87Set(0, other);
        cpu.X87Set(i, top);
        return cpu.Stopped;
    }

    /// <summary>FCMOVcc: ST(0) = ST(i) when the condition on CF, ZF or PF holds.</summary>
    private static StepOutcome Fcmov(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var i = ins.Op1Register - Register.ST0;
        if (cpu.X87Empty(0) || cpu.X87Empty(i))
        {
            cpu.X87StackFault(overflow: false);
            if (cpu.X87InvalidMasked)
                cpu.X87Set(0, X87Indefinite);
            return cpu.Stopped;
        }
        var flags = cpu._state.RFlags;
        var taken = ins.Mnemonic switch
        {
            Mnemonic.Fcmovb => (flags & Cpu.RFlags.CF) != 0,
            Mnemonic.Fcmovnb => (flags & Cpu.RFlags.CF) == 0,
            Mnemonic.Fcmove => (flags & Cpu.RFlags.ZF) != 0,
            Mnemonic.Fcmovne => (flags & Cpu.RFlags.ZF) == 0,
            Mnemonic.Fcmovbe => (flags & (Cpu.RFlags.CF | Cpu.RFlags.ZF)) != 0,
            Mnemonic.Fcmovnbe => (flags & (Cpu.RFlags.CF | Cpu.RFlags.ZF)) == 0,
            Mnemonic.Fcmovu => (flags & Cpu.RFlags.PF) != 0,
            _ => (flags & Cpu.RFlags.PF) == 0,
        };
        cpu.X87ClearC1();
        if (taken)
            cpu.X87Set(0, cpu.St(i));
        return cpu.Stopped;
    }

    /// <summary>FFREE tags ST(i) empty; FFREEP (undocumented, decoded by every x86-64 processor) also pops.</summary>
    private static StepOutcome Ffree(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        cpu._state.Ftw |= (ushort)(TagEmpty << (2 * cpu.X87Physical(ins.Op0Register - Register.ST0)));
        if (ins.Mnemonic == Mnemonic.Ffreep)
            cpu.X87Pop();
        return cpu.Stopped;
    }

    /// <summary>FINCSTP/FDECSTP: TOP moves, no tag changes, C1 = 0.</summary>
    private static StepOutcome StackPointerStep(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var top = (cpu.X87Top + (ins.Mnemonic == Mnemonic.Fincstp ? 1 : 7)) & 7;
        cpu._state.Fsw = (ushort)(cpu._state.Fsw & ~(FswTop | FswC1) | top << 11);
        return cpu.Stopped;
    }

    /// <summary>FNOP: the waiting checks only.</summary>
    private static StepOutcome Fnop(VCpu cpu, ref Instruction ins) => cpu.Done(cpu.X87Begin(ref ins));

    /// <summary>
    /// FLD1, FLDZ and the five constants, rounded from their exact values under RC without raising PE (SDM vol. 1, 8.3.8:
    /// the stored 66-bit constants give this rounding in every mode).
    /// </summary>
    private static StepOutcome FldConstant(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var (significand, exponent) = ins.Mnemonic switch
        {
            Mnemonic.Fld1 => (UInt128.One << 127, 0),
            Mnemonic.Fldz => (UInt128.Zero, 0),
            Mnemonic.Fldpi => (new UInt128(0xC90FDAA22168C234, 0xC4C6628B80DC1CD1), 1),
            Mnemonic.Fldl2t => (new UInt128(0xD49A784BCD1B8AFE, 0x492BF6FF4DAFDB4C), 1),
            Mnemonic.Fldl2e => (new UInt128(0xB8AA3B295C17F0BB, 0xBE87FED0691D3E88), 0),
            Mnemonic.Fldlg2 => (new UInt128(0x9A209A84FBCFF798, 0x8F8959AC0B7C9178), -2),
            _ => (new UInt128(0xB17217F7D1CF79AB, 0xC9E3B39803F2F6AF), -1),
        };
        var env = cpu.X87Environment();
        var value = significand == UInt128.Zero ? FpValue.Zero(false)
            : FpRounder.Round(false, significand, exponent - 127, FpFormat.Extended, 64, env);
        cpu.X87ClearC1();
        cpu.X87Push(ToRegister(Extended80.Pack(value)));
        return cpu.Stopped;
    }
}
