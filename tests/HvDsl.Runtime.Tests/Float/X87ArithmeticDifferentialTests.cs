using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>
/// x87 arithmetic on ST0 = A and ST1 = B (and a memory operand) against the host, bit for bit in 80 bits,
/// under every rounding mode and precision control, with the exception flags and C1.
/// </summary>
public class X87ArithmeticDifferentialTests
{
    private delegate FpValue Operation(FpValue a, FpValue b, FpEnvironment env, out ushort codes);

    private static readonly FpFormat Extended = FpFormat.Extended;

    private static readonly Dictionary<string, (Action<Assembler> Emit, Operation Model, ushort Compared)> RegisterForms = new()
    {
        ["fadd"] = (a => a.fadd(st0, st1), Codeless((x, y, env) => FpArithmetic.Add(x, y, Extended, env.Precision, env)), Rounding),
        ["fsub"] = (a => a.fsub(st0, st1), Codeless((x, y, env) => FpArithmetic.Subtract(x, y, Extended, env.Precision, env)), Rounding),
        ["fsubr"] = (a => a.fsubr(st0, st1), Codeless((x, y, env) => FpArithmetic.Subtract(y, x, Extended, env.Precision, env)), Rounding),
        ["fmul"] = (a => a.fmul(st0, st1), Codeless((x, y, env) => FpArithmetic.Multiply(x, y, Extended, env.Precision, env)), Rounding),
        ["fdiv"] = (a => a.fdiv(st0, st1), Codeless((x, y, env) => FpArithmetic.Divide(x, y, Extended, env.Precision, env)), Rounding),
        ["fdivr"] = (a => a.fdivr(st0, st1), Codeless((x, y, env) => FpArithmetic.Divide(y, x, Extended, env.Precision, env)), Rounding),
        ["fsqrt"] = (a => a.fsqrt(), Codeless((x, _, env) => FpArithmetic.SquareRoot(x, Extended, env.Precision, env)), Rounding),
        ["frndint"] = (a => a.frndint(), Codeless((x, _, env) => FpConvert.RoundToIntegral(x, Extended, env.Rounding, false, env)), Rounding),
        ["fscale"] = (a => a.fscale(), Codeless(FpX87.Scale), Rounding),
        ["fprem"] = (a => a.fprem(), (FpValue x, FpValue y, FpEnvironment env, out ushort codes) => FpX87.PartialRemainder(x, y, false, env, out codes), X87Case.Exceptions | X87Case.Codes),
        ["fprem1"] = (a => a.fprem1(), (FpValue x, FpValue y, FpEnvironment env, out ushort codes) => FpX87.PartialRemainder(x, y, true, env, out codes), X87Case.Exceptions | X87Case.Codes),
    };

    private static readonly Dictionary<string, (Action<Assembler> Emit, bool IsDouble, Func<FpValue, FpValue, FpEnvironment, FpValue> Model)> MemoryForms = new()
    {
        ["fadd_m32"] = (a => a.fadd(__dword_ptr[rdi + HostFpuBlock.MemoryOffset]), false, (x, m, env) => FpArithmetic.Add(x, m, Extended, env.Precision, env)),
        ["fsub_m64"] = (a => a.fsub(__qword_ptr[rdi + HostFpuBlock.MemoryOffset]), true, (x, m, env) => FpArithmetic.Subtract(x, m, Extended, env.Precision, env)),
        ["fmul_m32"] = (a => a.fmul(__dword_ptr[rdi + HostFpuBlock.MemoryOffset]), false, (x, m, env) => FpArithmetic.Multiply(x, m, Extended, env.Precision, env)),
        ["fdiv_m64"] = (a => a.fdiv(__qword_ptr[rdi + HostFpuBlock.MemoryOffset]), true, (x, m, env) => FpArithmetic.Divide(x, m, Extended, env.Precision, env)),
        ["fdivr_m32"] = (a => a.fdivr(__dword_ptr[rdi + HostFpuBlock.MemoryOffset]), false, (x, m, env) => FpArithmetic.Divide(m, x, Extended, env.Precision, env)),
    };

    private const ushort Rounding = X87Case.Exceptions | FpX87.C1;

    public static TheoryData<string> Registers => new(RegisterForms.Keys);

    public static TheoryData<string> Memories => new(MemoryForms.Keys);

    [HostFpuTheory]
    [MemberData(nameof(Registers))]
    public void Register_form_matches_the_host(string form)
    {
        var (emit, model, compared) = RegisterForms[form];
        using var host = HostFpu.X87(emit);
        FloatDifferential.Check(form, o =>
        {
            Extended80 a = o.Extended(), b = Related(o, a, o.Extended());
            return X87Case.Run(host, o, a, b, 0, compared, env =>
            {
                FpValue result = model(a.Unpack(env), b.Unpack(env), env, out ushort codes);
                return new X87Expectation(Extended80.Pack(result), null, X87Case.Status(env, codes));
            });
        });
    }

    [HostFpuTheory]
    [MemberData(nameof(Memories))]
    public void Memory_form_matches_the_host(string form)
    {
        var (emit, isDouble, model) = MemoryForms[form];
        using var host = HostFpu.X87(emit);
        FloatDifferential.Check(form, o =>
        {
            Extended80 a = o.Extended();
            ulong memory = isDouble ? o.Double().Bits : o.Single().Bits;
            return X87Case.Run(host, o, a, default, memory, Rounding, env =>
            {
                FpValue m = isDouble ? new Float64(memory).Unpack(env) : new Float32((uint)memory).Unpack(env);
                FpValue result = model(a.Unpack(env), m, env);
                return new X87Expectation(Extended80.Pack(result), null, X87Case.Status(env));
            });
        });
    }

    [HostFpuFact]
    public void Fxtract_matches_the_host()
    {
        using var host = HostFpu.X87(a => a.fxtract());
        FloatDifferential.Check("fxtract", o =>
        {
            Extended80 a = o.Extended();
            return X87Case.Run(host, o, a, default, 0, X87Case.Exceptions, env =>
            {
                FpValue significand = FpX87.Extract(a.Unpack(env), env, out FpValue exponent);
                return new X87Expectation(Extended80.Pack(significand), null, X87Case.Status(env), Extended80.Pack(exponent));
            });
        });
    }

    /// <summary>In one case of two, B's exponent is related to A's as <see cref="FloatOperands.RelatedField"/> does, 60-200 below it (FPREM's partial remainders), or such that A × B or A / B is near the smallest normal.</summary>
    private static Extended80 Related(FloatOperands o, Extended80 a, Extended80 b)
    {
        int field = a.SignExponent & 0x7FFF;
        if (o.Random.Next(2) == 0 || field == 0 || field == 0x7FFF || (b.SignExponent & 0x7FFF) is 0 or 0x7FFF || (b.Significand >> 63) == 0)
            return b;
        if (o.Random.Next(3) == 0)
        {
            Extended80 near = Extended80.Pack(o.NearSmallestNormal(a.Unpack(new FpEnvironment()), FpFormat.Extended, 64));
            ulong significand = near.Significand + (ulong)o.Random.Next(-3, 4) * (1UL << new[] { 0, 11, 40 }[o.Random.Next(3)]);
            return new Extended80((ushort)((near.SignExponent & 0x7FFF) | (b.SignExponent & 0x8000)), significand | (1UL << 63));
        }
        int target = o.Random.Next(3) == 0 ? Math.Max(1, field - o.Random.Next(60, 200)) : o.RelatedField(field, 16383, 0x7FFE, 64);
        return new Extended80((ushort)((b.SignExponent & 0x8000) | target), b.Significand);
    }

    private static Operation Codeless(Func<FpValue, FpValue, FpEnvironment, FpValue> operation) =>
        (FpValue a, FpValue b, FpEnvironment env, out ushort codes) =>
        {
            codes = 0;
            return operation(a, b, env);
        };
}
