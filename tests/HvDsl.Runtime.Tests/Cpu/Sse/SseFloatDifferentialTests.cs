using System;
using System.Collections.Generic;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.Sse;

/// <summary>
/// Every SSE/SSE2 floating-point form, in a guest, against the host processor: arithmetic, compares with all eight
/// predicates, ordered compares and conversions bit for bit in XMM0, RAX, RFLAGS and MXCSR; register and memory sources.
/// </summary>
public class SseFloatDifferentialTests
{
    private static readonly AssemblerMemoryOperand M32 = __dword_ptr[rdi + HostFpuBlock.BOffset];
    private static readonly AssemblerMemoryOperand M64 = __qword_ptr[rdi + HostFpuBlock.BOffset];
    private static readonly AssemblerMemoryOperand M128 = __xmmword_ptr[rdi + HostFpuBlock.BOffset];

    private static readonly Dictionary<string, (Action<Assembler> Emit, Func<FloatOperands, HostFpuBlock> Operands)> Forms = Build();

    public static TheoryData<string> FormNames => new(Forms.Keys);

    [HostFpuTheory]
    [MemberData(nameof(FormNames))]
    public void Form_matches_the_host(string form)
    {
        var (emit, operands) = Forms[form];
        SseFloatDifferential.Check(form, emit, operands, flags: form.Contains("comis"));
    }

    [HostFpuTheory]
    [InlineData("rcpps")]
    [InlineData("rcpss")]
    [InlineData("rsqrtps")]
    [InlineData("rsqrtss m32")]
    public void Approximation_in_every_element_is_within_the_sdm_bound_as_the_host_is(string form)
    {
        var squareRoot = form.StartsWith("rsqrt", StringComparison.Ordinal);
        var packed = form is "rcpps" or "rsqrtps";
        Action<Assembler> emit = form switch
        {
            "rcpps" => a => a.rcpps(xmm0, xmm1),
            "rcpss" => a => a.rcpss(xmm0, xmm1),
            "rsqrtps" => a => a.rsqrtps(xmm0, xmm1),
            _ => a => a.rsqrtss(xmm0, M32),
        };
        SseFloatDifferential.Check(form, emit, SseFloatOperands.Singles, equal: (host, guest) =>
        {
            for (var lane = 0; lane < 4; lane++)
            {
                Float32 x = Float32.FromLane(host.B, lane), h = Float32.FromLane(host.Result, lane), g = Float32.FromLane(guest.Result, lane);
                var miss = lane > 0 && !packed ? (h == g ? null : "upper element changed")
                    : SseApproximationDifferentialTests.Miss(squareRoot, x, g) ?? SseApproximationDifferentialTests.Miss(squareRoot, x, h, "host ");
                if (miss != null)
                    return $"element {lane}: {miss}";
            }
            return null;
        });
    }

    private static Dictionary<string, (Action<Assembler>, Func<FloatOperands, HostFpuBlock>)> Build()
    {
        Func<FloatOperands, HostFpuBlock> singles = SseFloatOperands.Singles, doubles = SseFloatOperands.Doubles, integers = SseFloatOperands.Integers;
        var forms = new Dictionary<string, (Action<Assembler>, Func<FloatOperands, HostFpuBlock>)>
        {
            ["addps"] = (a => a.addps(xmm0, xmm1), singles), ["addps m128"] = (a => a.addps(xmm0, M128), singles),
            ["subps"] = (a => a.subps(xmm0, xmm1), singles), ["mulps"] = (a => a.mulps(xmm0, xmm1), singles),
            ["divps"] = (a => a.divps(xmm0, xmm1), singles), ["sqrtps"] = (a => a.sqrtps(xmm0, xmm1), singles),
            ["minps"] = (a => a.minps(xmm0, xmm1), singles), ["maxps"] = (a => a.maxps(xmm0, xmm1), singles),
            ["addpd"] = (a => a.addpd(xmm0, xmm1), doubles), ["subpd"] = (a => a.subpd(xmm0, xmm1), doubles),
            ["mulpd"] = (a => a.mulpd(xmm0, xmm1), doubles), ["divpd"] = (a => a.divpd(xmm0, xmm1), doubles),
            ["sqrtpd"] = (a => a.sqrtpd(xmm0, xmm1), doubles), ["sqrtpd m128"] = (a => a.sqrtpd(xmm0, M128), doubles),
            ["minpd"] = (a => a.minpd(xmm0, xmm1), doubles), ["maxpd"] = (a => a.maxpd(xmm0, xmm1), doubles),
            ["addss"] = (a => a.addss(xmm0, xmm1), singles), ["addss m32"] = (a => a.addss(xmm0, M32), singles),
            ["subss"] = (a => a.subss(xmm0, xmm1), singles), ["mulss"] = (a => a.mulss(xmm0, xmm1), singles),
            ["divss"] = (a => a.divss(xmm0, xmm1), singles), ["sqrtss"] = (a => a.sqrtss(xmm0, xmm1), singles),
            ["minss"] = (a => a.minss(xmm0, xmm1), singles), ["maxss m32"] = (a => a.maxss(xmm0, M32), singles),
            ["maxss"] = (a => a.maxss(xmm0, xmm1), singles),
            ["addsd"] = (a => a.addsd(xmm0, xmm1), doubles), ["addsd m64"] = (a => a.addsd(xmm0, M64), doubles),
            ["subsd"] = (a => a.subsd(xmm0, xmm1), doubles), ["mulsd"] = (a => a.mulsd(xmm0, xmm1), doubles),
            ["divsd"] = (a => a.divsd(xmm0, xmm1), doubles), ["sqrtsd"] = (a => a.sqrtsd(xmm0, xmm1), doubles),
            ["minsd"] = (a => a.minsd(xmm0, xmm1), doubles), ["maxsd"] = (a => a.maxsd(xmm0, xmm1), doubles),
            ["comiss"] = (a => a.comiss(xmm0, xmm1), singles), ["ucomiss"] = (a => a.ucomiss(xmm0, xmm1), singles),
            ["comisd"] = (a => a.comisd(xmm0, xmm1), doubles), ["ucomisd m64"] = (a => a.ucomisd(xmm0, M64), doubles),
            ["cvtsi2ss r32"] = (a => a.cvtsi2ss(xmm0, eax), integers), ["cvtsi2ss r64"] = (a => a.cvtsi2ss(xmm0, rax), integers),
            ["cvtsi2sd r32"] = (a => a.cvtsi2sd(xmm0, eax), integers), ["cvtsi2sd r64"] = (a => a.cvtsi2sd(xmm0, rax), integers),
            ["cvtsi2sd m32"] = (a => a.cvtsi2sd(xmm0, M32), integers),
            ["cvtsi2ss m64"] = (a => a.cvtsi2ss(xmm0, __qword_ptr[rdi + HostFpuBlock.IntegerOffset]), integers),
            ["cvtss2si r32"] = (a => a.cvtss2si(eax, xmm1), singles), ["cvtss2si r64"] = (a => a.cvtss2si(rax, xmm1), singles),
            ["cvttss2si r32"] = (a => a.cvttss2si(eax, xmm1), singles), ["cvttss2si r64"] = (a => a.cvttss2si(rax, M32), singles),
            ["cvtsd2si r32"] = (a => a.cvtsd2si(eax, xmm1), doubles), ["cvtsd2si r64"] = (a => a.cvtsd2si(rax, M64), doubles),
            ["cvttsd2si r32"] = (a => a.cvttsd2si(eax, xmm1), doubles), ["cvttsd2si r64"] = (a => a.cvttsd2si(rax, xmm1), doubles),
            ["cvtss2sd"] = (a => a.cvtss2sd(xmm0, xmm1), singles), ["cvtss2sd m32"] = (a => a.cvtss2sd(xmm0, M32), singles),
            ["cvtsd2ss"] = (a => a.cvtsd2ss(xmm0, xmm1), doubles),
            ["cvtps2pd"] = (a => a.cvtps2pd(xmm0, xmm1), singles), ["cvtps2pd m64"] = (a => a.cvtps2pd(xmm0, M64), singles),
            ["cvtpd2ps"] = (a => a.cvtpd2ps(xmm0, xmm1), doubles),
            ["cvtdq2ps"] = (a => a.cvtdq2ps(xmm0, xmm1), integers), ["cvtps2dq"] = (a => a.cvtps2dq(xmm0, xmm1), singles),
            ["cvttps2dq"] = (a => a.cvttps2dq(xmm0, M128), singles), ["cvtdq2pd"] = (a => a.cvtdq2pd(xmm0, xmm1), integers),
            ["cvtpd2dq"] = (a => a.cvtpd2dq(xmm0, xmm1), doubles), ["cvttpd2dq"] = (a => a.cvttpd2dq(xmm0, xmm1), doubles),
            ["cvtpi2ps m64"] = (a => a.cvtpi2ps(xmm0, M64), integers), ["cvtpi2pd m64"] = (a => a.cvtpi2pd(xmm0, M64), integers),
        };
        for (var predicate = 0; predicate < 8; predicate++)
        {
            var p = (byte)predicate;
            forms[$"cmpps {p}"] = (a => a.cmpps(xmm0, xmm1, p), singles);
            forms[$"cmppd {p}"] = (a => a.cmppd(xmm0, xmm1, p), doubles);
            forms[$"cmpss {p}"] = (a => a.cmpss(xmm0, xmm1, p), singles);
            forms[$"cmpsd {p}"] = (a => a.cmpsd(xmm0, xmm1, p), doubles);
        }
        return forms;
    }
}
