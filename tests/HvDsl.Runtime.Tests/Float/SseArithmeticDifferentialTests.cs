using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>ADD, SUB, MUL, DIV, SQRT, MIN and MAX in their SS and SD forms against the host, flags included.</summary>
public class SseArithmeticDifferentialTests
{
    private static readonly Dictionary<string, (Action<Assembler> Emit, Func<Float32, Float32, FpEnvironment, Float32> Model)> SingleForms = new()
    {
        ["addss"] = (a => a.addss(xmm0, xmm1), SoftFloat.Add),
        ["subss"] = (a => a.subss(xmm0, xmm1), SoftFloat.Subtract),
        ["mulss"] = (a => a.mulss(xmm0, xmm1), SoftFloat.Multiply),
        ["divss"] = (a => a.divss(xmm0, xmm1), SoftFloat.Divide),
        ["sqrtss"] = (a => a.sqrtss(xmm0, xmm1), (_, b, env) => SoftFloat.SquareRoot(b, env)),
        ["minss"] = (a => a.minss(xmm0, xmm1), SoftFloat.Minimum),
        ["maxss"] = (a => a.maxss(xmm0, xmm1), SoftFloat.Maximum),
    };

    private static readonly Dictionary<string, (Action<Assembler> Emit, Func<Float64, Float64, FpEnvironment, Float64> Model)> DoubleForms = new()
    {
        ["addsd"] = (a => a.addsd(xmm0, xmm1), SoftFloat.Add),
        ["subsd"] = (a => a.subsd(xmm0, xmm1), SoftFloat.Subtract),
        ["mulsd"] = (a => a.mulsd(xmm0, xmm1), SoftFloat.Multiply),
        ["divsd"] = (a => a.divsd(xmm0, xmm1), SoftFloat.Divide),
        ["sqrtsd"] = (a => a.sqrtsd(xmm0, xmm1), (_, b, env) => SoftFloat.SquareRoot(b, env)),
        ["minsd"] = (a => a.minsd(xmm0, xmm1), SoftFloat.Minimum),
        ["maxsd"] = (a => a.maxsd(xmm0, xmm1), SoftFloat.Maximum),
    };

    public static TheoryData<string> Singles => new(SingleForms.Keys);

    public static TheoryData<string> Doubles => new(DoubleForms.Keys);

    [HostFpuTheory]
    [MemberData(nameof(Singles))]
    public void Single_precision_form_matches_the_host(string form)
    {
        var (emit, model) = SingleForms[form];
        using var host = HostFpu.Sse(emit);
        FloatDifferential.Check(form, o => SseCase.Single(host, o, model));
    }

    [HostFpuTheory]
    [MemberData(nameof(Doubles))]
    public void Double_precision_form_matches_the_host(string form)
    {
        var (emit, model) = DoubleForms[form];
        using var host = HostFpu.Sse(emit);
        FloatDifferential.Check(form, o => SseCase.Double(host, o, model));
    }
}
