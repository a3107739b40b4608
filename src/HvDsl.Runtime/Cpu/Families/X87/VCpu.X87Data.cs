using System;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Cpu.State;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// FLD from ST(i), m32, m64 or m80: m32 and m64 widen exactly (SNaN → IE, denormal → DE); registers and m80 copy unchanged.
    /// A full stack is the only fault then (no DE), and an unmasked DE still loads, as the host processor does.
    /// </summary>
    private static StepOutcome Fld(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        X87Register value;
        if (ins.Op0Kind == OpKind.Register)
        {
            if (!cpu.X87ReadOrUnderflow(ins.Op0Register - Register.ST0, out value))
                return cpu.Stopped;
        }
        else if (ins.MemorySize == MemorySize.Float80)
        {
            if (!cpu.ReadMemory80(ref ins, out value))
                return cpu.Stopped;
        }
        else
        {
            // Converted with DE masked, since an unmasked DE still loads; the status word's ES still follows the real masks.
            var env = FpEnvironment.FromX87ControlWord((ushort)(cpu._state.Fcw | (int)FpExceptions.Denormal));
            var single = ins.MemorySize == MemorySize.Float32;
            if (!cpu.ReadMemory(ref ins, single ? 4 : 8, out var bits))
                return cpu.Stopped;
            var wide = single ? SoftFloat.Convert<Float32, Extended80>(new Float32((uint)bits), env)
                : SoftFloat.Convert<Float64, Extended80>(new Float64(bits), env);
            if (cpu.X87Empty(7) && !cpu.X87Complete(env))
                return cpu.Stopped;
            value = ToRegister(wide);
        }
        cpu.X87ClearC1();
        cpu.X87Push(value);
        return cpu.Stopped;
    }

    /// <summary>FILD m16/m32/m64: every integer is exact in the 64-bit significand.</summary>
    private static StepOutcome Fild(VCpu cpu, ref Instruction ins)
    {
        var size = IntegerSize(ins.MemorySize);
        if (!cpu.X87Begin(ref ins) || !cpu.ReadMemory(ref ins, size, out var raw))
            return cpu.Stopped;
        var value = size switch { 2 => (short)raw, 4 => (int)raw, _ => (long)raw };
        var env = cpu.X87Environment();
        var wide = Extended80.Pack(FpConvert.FromInteger(value, FpFormat.Extended, 64, env));
        cpu.X87ClearC1();
        cpu.X87Push(ToRegister(wide));
        return cpu.Stopped;
    }

    /// <summary>FBLD: 18 packed BCD digits, exact.</summary>
    private static StepOutcome Fbld(VCpu cpu, ref Instruction ins)
    {
        Span<byte> bcd = stackalloc byte[10];
        if (!cpu.X87Begin(ref ins) || !cpu.ReadMemoryBlock(ref ins, bcd))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var wide = Extended80.Pack(FpBcd.Load(bcd, env));
        cpu.X87ClearC1();
        cpu.X87Push(ToRegister(wide));
        return cpu.Stopped;
    }

    /// <summary>
    /// FST/FSTP to ST(i), m32, m64 or m80: narrowing rounds under RC (OE, UE, PE); an unmasked fault stores and pops nothing.
    /// FSTPNCE (D9 D8+i) is FSTP ST(i) that never faults: an empty ST(0) is copied as it is (as the host processor does).
    /// </summary>
    private static StepOutcome Fst(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var pop = ins.Mnemonic is Mnemonic.Fstp or Mnemonic.Fstpnce;
        var source = cpu.St(0);
        if (ins.Mnemonic != Mnemonic.Fstpnce && !cpu.X87ReadOrUnderflow(0, out source))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        bool stored;
        if (ins.Op0Kind == OpKind.Register)
        {
            var destination = ins.Op0Register - Register.ST0;
            var empty = ins.Mnemonic == Mnemonic.Fstpnce && cpu.X87Empty(0);
            cpu.X87Set(destination, source);
            if (empty)
                cpu._state.Ftw |= (ushort)(TagEmpty << (2 * cpu.X87Physical(destination))); // FSTPNCE copies the empty tag too
            stored = true;
        }
        else if (ins.MemorySize == MemorySize.Float80)
            stored = cpu.WriteMemory80(ref ins, source);
        else
        {
            var single = ins.MemorySize == MemorySize.Float32;
            ulong bits = single ? SoftFloat.Convert<Extended80, Float32>(ToExtended(source), env).Bits
                : SoftFloat.Convert<Extended80, Float64>(ToExtended(source), env).Bits;
            stored = (env.Unmasked & X87Suppressing) == 0 && cpu.WriteMemory(ref ins, single ? 4 : 8, bits);
            if ((env.Unmasked & (FpExceptions.Overflow | FpExceptions.Underflow)) != 0)
                env.Flags &= ~FpExceptions.Precision; // no result was delivered, so none was inexact
        }
        cpu.X87Finish(env, stored, pop);
        return cpu.Stopped;
    }

    /// <summary>FIST/FISTP (rounding under RC) and FISTTP (truncating) to m16/m32/m64; out of range or NaN stores the integer indefinite when IE is masked.</summary>
    private static StepOutcome Fist(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var size = IntegerSize(ins.MemorySize);
        if (!cpu.X87ReadOrUnderflow(0, out var source))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var value = FpConvert.ToInteger(ToExtended(source).Unpack(env), 8 * size, ins.Mnemonic == Mnemonic.Fisttp, env);
        var stored = (env.Unmasked & X87Suppressing) == 0 && cpu.WriteMemory(ref ins, size, (ulong)value);
        cpu.X87Finish(env, stored, ins.Mnemonic != Mnemonic.Fist);
        return cpu.Stopped;
    }

    /// <summary>FBSTP: ST(0) rounded under RC into 18 packed BCD digits, then popped.</summary>
    private static StepOutcome Fbstp(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins) || !cpu.X87ReadOrUnderflow(0, out var source))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        Span<byte> bcd = stackalloc byte[10];
        FpBcd.Store(ToExtended(source).Unpack(env), bcd, env);
        var stored = (env.Unmasked & X87Suppressing) == 0 && cpu.WriteMemoryBlock(ref ins, bcd);
        cpu.X87Finish(env, stored, pop: true);
        return cpu.Stopped;
    }

    /// <summary>
    /// ST(<paramref name="i"/>), or after a stack underflow (IE, SF, C1 = 0) the indefinite when IE is masked; false when the
    /// instruction must stop (unmasked underflow).
    /// </summary>
    private bool X87ReadOrUnderflow(int i, out X87Register value)
    {
        if (!X87Empty(i))
        {
            value = St(i);
            return true;
        }
        X87StackFault(overflow: false);
        value = X87Indefinite;
        return X87InvalidMasked;
    }

    /// <summary>A store's end: once the destination is written, the flags are merged and the stack popped when asked.</summary>
    private void X87Finish(FpEnvironment env, bool stored, bool pop)
    {
        if (!stored && (env.Unmasked & X87Suppressing) == 0)
            return; // the memory access faulted: the instruction did not happen
        if (X87Complete(env) && stored && pop)
            X87Pop();
    }

    private void X87ClearC1() => _state.Fsw &= unchecked((ushort)~FswC1);

    private static int IntegerSize(MemorySize size) => size switch
    {
        MemorySize.Int16 => 2,
        MemorySize.Int32 => 4,
        _ => 8,
    };
}
