using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private const ushort FswConditionCodes = FpX87.C0 | FpX87.C1 | FpX87.C2 | FpX87.C3;

    /// <summary>
    /// FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR, their popping forms and FIADD..FIDIVR: the destination is operand 0 (ST(0) for
    /// memory sources), rounded to the precision control; the R forms compute source OP destination.
    /// </summary>
    private static StepOutcome X87Arithmetic(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var register = ins.Op0Kind == OpKind.Register;
        var destination = register ? ins.Op0Register - Register.ST0 : 0;
        var other = register ? ins.Op1Register - Register.ST0 : 0;
        if (cpu.X87Underflowed(destination, other, destination, IsPopping(ins.Mnemonic)) || !cpu.X87Source(ref ins, env, out var source))
            return cpu.Stopped;
        var a = ToExtended(cpu.St(destination)).Unpack(env);
        var (left, right) = IsReversed(ins.Mnemonic) ? (source, a) : (a, source);
        var result = ins.Mnemonic switch
        {
            Mnemonic.Fadd or Mnemonic.Faddp or Mnemonic.Fiadd => FpArithmetic.Add(left, right, FpFormat.Extended, env.Precision, env),
            Mnemonic.Fsub or Mnemonic.Fsubp or Mnemonic.Fisub or Mnemonic.Fsubr or Mnemonic.Fsubrp or Mnemonic.Fisubr =>
                FpArithmetic.Subtract(left, right, FpFormat.Extended, env.Precision, env),
            Mnemonic.Fmul or Mnemonic.Fmulp or Mnemonic.Fimul => FpArithmetic.Multiply(left, right, FpFormat.Extended, env.Precision, env),
            _ => FpArithmetic.Divide(left, right, FpFormat.Extended, env.Precision, env),
        };
        cpu.X87WriteResult(destination, result, env, IsPopping(ins.Mnemonic));
        return cpu.Stopped;
    }

    /// <summary>FCHS, FABS, FSQRT, FRNDINT: ST(0) replaced by a function of itself.</summary>
    private static StepOutcome X87Unary(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        if (cpu.X87Underflowed(0, 0, 0, pop: false))
            return cpu.Stopped;
        var raw = cpu.St(0);
        if (ins.Mnemonic is Mnemonic.Fchs or Mnemonic.Fabs)
        {
            // Sign-only operations: no exceptions, not even for an SNaN.
            raw.SignExponent = ins.Mnemonic == Mnemonic.Fchs ? (ushort)(raw.SignExponent ^ 0x8000) : (ushort)(raw.SignExponent & 0x7FFF);
            cpu.X87ClearC1();
            cpu.X87Set(0, raw);
            return cpu.Stopped;
        }
        var env = cpu.X87Environment();
        var a = ToExtended(raw).Unpack(env);
        var result = ins.Mnemonic == Mnemonic.Fsqrt ? FpArithmetic.SquareRoot(a, FpFormat.Extended, env.Precision, env)
            : FpConvert.RoundToIntegral(a, FpFormat.Extended, env.Rounding, false, env);
        cpu.X87WriteResult(0, result, env, pop: false);
        return cpu.Stopped;
    }

    /// <summary>FSCALE, FPREM and FPREM1: ST(0) from ST(0) and ST(1); the remainders report the quotient bits in C0, C3, C1 and completion in C2.</summary>
    private static StepOutcome X87Binary(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        if (cpu.X87Underflowed(0, 1, 0, pop: false))
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var (a, b) = (ToExtended(cpu.St(0)).Unpack(env), ToExtended(cpu.St(1)).Unpack(env));
        if (ins.Mnemonic == Mnemonic.Fscale)
        {
            cpu.X87WriteResult(0, FpX87.Scale(a, b, env), env, pop: false);
            return cpu.Stopped;
        }
        var remainder = FpX87.PartialRemainder(a, b, ins.Mnemonic == Mnemonic.Fprem1, env, out var codes);
        // The remainder is exact, but a tiny one still underflows when UE is unmasked (and is then bias-adjusted).
        if (remainder.Kind == FpKind.Finite)
            remainder = FpArithmetic.Exact(remainder, FpFormat.Extended, 64, env);
        env.RoundedUp = false;
        if (!cpu.X87Complete(env))
            return cpu.Stopped;
        cpu._state.Fsw = (ushort)(cpu._state.Fsw & ~FswConditionCodes | codes);
        cpu.X87Set(0, ToRegister(Extended80.Pack(remainder)));
        return cpu.Stopped;
    }

    /// <summary>FXTRACT: ST(0) becomes its exponent and the significand is pushed above it.</summary>
    private static StepOutcome Fxtract(VCpu cpu, ref Instruction ins)
    {
        if (!cpu.X87Begin(ref ins))
            return cpu.Stopped;
        if (cpu.X87Underflowed(0, 0, 0, pop: false))
        {
            if (cpu.X87InvalidMasked)
                cpu.X87Push(X87Indefinite);
            return cpu.Stopped;
        }
        if (cpu.X87SecondSlotOverflowed())
            return cpu.Stopped;
        var env = cpu.X87Environment();
        var significand = FpX87.Extract(ToExtended(cpu.St(0)).Unpack(env), env, out var exponent);
        if (!cpu.X87Complete(env))
            return cpu.Stopped;
        cpu.X87Set(0, ToRegister(Extended80.Pack(exponent)));
        cpu.X87Push(ToRegister(Extended80.Pack(significand)));
        return cpu.Stopped;
    }

    /// <summary>The source of a two-operand instruction: m32, m64, m16int, m32int or operand 1's ST(i); false after a memory fault.</summary>
    private bool X87Source(ref Instruction ins, FpEnvironment env, out FpValue value)
    {
        value = default;
        if (ins.Op0Kind == OpKind.Memory)
        {
            var size = ins.MemorySize switch { MemorySize.Float32 or MemorySize.Int32 => 4, MemorySize.Int16 => 2, _ => 8 };
            if (!ReadMemory(ref ins, size, out var bits))
                return false;
            value = ins.MemorySize switch
            {
                MemorySize.Float32 => new Float32((uint)bits).Unpack(env),
                MemorySize.Float64 => new Float64(bits).Unpack(env),
                MemorySize.Int16 => FpConvert.FromInteger((short)bits, FpFormat.Extended, 64, env),
                _ => FpConvert.FromInteger((int)bits, FpFormat.Extended, 64, env),
            };
            return true;
        }
        value = ToExtended(St(ins.Op1Register - Register.ST0)).Unpack(env);
        return true;
    }

    /// <summary>
    /// True when ST(<paramref name="a"/>) or ST(<paramref name="b"/>) is empty: a stack underflow (IE, SF, C1 = 0) whose masked
    /// answer puts the indefinite in ST(<paramref name="destination"/>), popping when asked; the instruction then ends.
    /// </summary>
    private bool X87Underflowed(int a, int b, int destination, bool pop)
    {
        if (!X87Empty(a) && !X87Empty(b))
            return false;
        X87StackFault(overflow: false);
        if (X87InvalidMasked)
        {
            X87Set(destination, X87Indefinite);
            if (pop)
                X87Pop();
        }
        return true;
    }

    /// <summary>
    /// True when ST(7) is full, so a second result (FXTRACT, FPTAN, FSINCOS) has no slot: a stack overflow, answered with the
    /// indefinite in ST(0) and pushed when IE is masked, before any operand is examined; the instruction then ends.
    /// </summary>
    private bool X87SecondSlotOverflowed()
    {
        if (X87Empty(7))
            return false;
        X87StackFault(overflow: true);
        if (X87InvalidMasked)
        {
            X87Set(0, X87Indefinite);
            X87Push(X87Indefinite);
        }
        return true;
    }

    /// <summary>Writes an arithmetic result to ST(<paramref name="destination"/>) unless an exception stopped it, then pops when asked.</summary>
    private void X87WriteResult(int destination, FpValue result, FpEnvironment env, bool pop)
    {
        if (!X87Complete(env))
            return;
        X87Set(destination, ToRegister(Extended80.Pack(result)));
        if (pop)
            X87Pop();
    }

    private static bool IsPopping(Mnemonic m) => m is Mnemonic.Faddp or Mnemonic.Fsubp or Mnemonic.Fsubrp or Mnemonic.Fmulp
        or Mnemonic.Fdivp or Mnemonic.Fdivrp;

    private static bool IsReversed(Mnemonic m) => m is Mnemonic.Fsubr or Mnemonic.Fsubrp or Mnemonic.Fisubr or Mnemonic.Fdivr
        or Mnemonic.Fdivrp or Mnemonic.Fidivr;
}
