using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Cpu.State;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>The status word's stack fault (SF, bit 6), C1 and TOP field.</summary>
    private const ushort FswSf = 1 << 6, FswC1 = 1 << 9, FswTop = 0x3800;

    /// <summary>Exceptions an unmasked occurrence of which leaves the stack as it was: they are detected before a result exists.</summary>
    private const FpExceptions X87BeforeResult = FpExceptions.Invalid | FpExceptions.Denormal | FpExceptions.ZeroDivide;

    /// <summary>Exceptions an unmasked occurrence of which keeps a store from writing memory; a register destination takes OE/UE's bias-adjusted result instead.</summary>
    private const FpExceptions X87Suppressing = FpExceptions.Invalid | FpExceptions.Denormal | FpExceptions.ZeroDivide |
        FpExceptions.Overflow | FpExceptions.Underflow;

    private int X87Top => (_state.Fsw >> 11) & 7;

    private int X87Physical(int i) => (X87Top + i) & 7;

    private bool X87Empty(int i) => (_state.Ftw >> (2 * X87Physical(i)) & 3) == TagEmpty;

    /// <summary>The environment the control word describes, for one instruction.</summary>
    private FpEnvironment X87Environment() => FpEnvironment.FromX87ControlWord(_state.Fcw);

    /// <summary>
    /// The start of a waiting x87 data instruction: the #NM/#MF checks, then the last-instruction pointers (FIP/FCS and, for a
    /// memory operand, FDP/FDS) and the opcode (FOP) that FSTENV, FSAVE and FXSAVE report.
    /// </summary>
    private bool X87Begin(ref Instruction ins)
    {
        if (!X87Available(waiting: true))
            return false;
        _state.Fip = ins.IP;
        _state.Fcs = _state.Segments[CsIndex].Selector;
        _state.Fop = (ushort)X87Opcode(ref ins);
        if (ins.Op0Kind == OpKind.Memory || ins.Op1Kind == OpKind.Memory)
        {
            _state.Fdp = EffectiveOffset(ref ins);
            _state.Fds = _state.Segments[SegmentIndex(ins.MemorySegment)].Selector;
        }
        return true;
    }

    /// <summary>Writes ST(<paramref name="i"/>) and tags it from its contents.</summary>
    private void X87Set(int i, in X87Register value)
    {
        var physical = X87Physical(i);
        _state.St[physical] = value;
        var shift = 2 * physical;
        _state.Ftw = (ushort)(_state.Ftw & ~(3 << shift) | X87TagFromContents(physical) << shift);
    }

    /// <summary>
    /// Moves TOP down and writes the new ST(0). A full slot is a stack overflow (IE, SF, C1 = 1): masked, the indefinite is
    /// pushed; unmasked, nothing changes and false is returned.
    /// </summary>
    private bool X87Push(X87Register value)
    {
        if (!X87Empty(7))
        {
            X87StackFault(overflow: true);
            if (!X87InvalidMasked)
                return false;
            value = X87Indefinite;
        }
        _state.Fsw = (ushort)(_state.Fsw & ~FswTop | ((X87Top + 7) & 7) << 11);
        X87Set(0, value);
        return true;
    }

    /// <summary>Tags ST(0) empty and moves TOP up.</summary>
    private void X87Pop()
    {
        _state.Ftw |= (ushort)(3 << (2 * X87Top));
        _state.Fsw = (ushort)(_state.Fsw & ~FswTop | ((X87Top + 1) & 7) << 11);
    }

    /// <summary>Records a stack fault: IE and SF, with C1 saying overflow (1) or underflow (0).</summary>
    private void X87StackFault(bool overflow)
    {
        _state.Fsw = (ushort)(_state.Fsw & ~FswC1 | (int)FpExceptions.Invalid | FswSf | (overflow ? FswC1 : 0));
        X87UpdateSummary();
    }

    /// <summary>True when IE is masked: a stack fault's destination then gets the indefinite.</summary>
    private bool X87InvalidMasked => (_state.Fcw & (int)FpExceptions.Invalid) != 0;

    /// <summary>
    /// Merges one operation's flags into the status word (C1 from the rounding direction when inexact, else 0) and
    /// returns whether the result may be written: false when IE, DE or ZE was raised unmasked.
    /// </summary>
    private bool X87Complete(FpEnvironment env)
    {
        var c1 = (env.Flags & FpExceptions.Precision) != 0 && env.RoundedUp ? FswC1 : 0;
        _state.Fsw = (ushort)(_state.Fsw & ~FswC1 | (int)env.Flags | c1);
        X87UpdateSummary();
        return (env.Unmasked & X87BeforeResult) == 0;
    }

    private static X87Register ToRegister(Extended80 value) => new() { SignExponent = value.SignExponent, Significand = value.Significand };

    private static Extended80 ToExtended(in X87Register value) => new(value.SignExponent, value.Significand);

    private static X87Register X87Indefinite => ToRegister(Extended80.Pack(FpValue.Indefinite));
}
