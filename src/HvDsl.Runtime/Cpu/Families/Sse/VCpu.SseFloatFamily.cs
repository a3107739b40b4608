using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The SSE/SSE2 floating-point family (legacy encodings): arithmetic, compares, approximations and conversions under MXCSR.</summary>
    private static void RegisterSseFloat(InstructionTable table)
    {
        table.Family("sse-float");
        table.Add(&SsePackedSingle, Mnemonic.Addps, Mnemonic.Subps, Mnemonic.Mulps, Mnemonic.Divps, Mnemonic.Sqrtps, Mnemonic.Minps,
            Mnemonic.Maxps, Mnemonic.Cmpps);
        table.Add(&SsePackedDouble, Mnemonic.Addpd, Mnemonic.Subpd, Mnemonic.Mulpd, Mnemonic.Divpd, Mnemonic.Sqrtpd, Mnemonic.Minpd,
            Mnemonic.Maxpd, Mnemonic.Cmppd);
        table.Add(&SseScalarSingle, Mnemonic.Addss, Mnemonic.Subss, Mnemonic.Mulss, Mnemonic.Divss, Mnemonic.Sqrtss, Mnemonic.Minss,
            Mnemonic.Maxss, Mnemonic.Cmpss);
        table.Add(&SseScalarDouble, Mnemonic.Addsd, Mnemonic.Subsd, Mnemonic.Mulsd, Mnemonic.Divsd, Mnemonic.Sqrtsd, Mnemonic.Minsd,
            Mnemonic.Maxsd);
        // CMPSD shares its mnemonic with the string compare; only the SSE2 code is this family's.
        table.Add(&SseScalarDouble, Code.Cmpsd_xmm_xmmm64_imm8);
        table.Add(&SseApproximation, Mnemonic.Rcpps, Mnemonic.Rcpss, Mnemonic.Rsqrtps, Mnemonic.Rsqrtss);
        table.Add(&SseOrderedCompare, Mnemonic.Comiss, Mnemonic.Ucomiss, Mnemonic.Comisd, Mnemonic.Ucomisd);
        table.Add(&SseIntegerToScalar, Mnemonic.Cvtsi2ss, Mnemonic.Cvtsi2sd);
        table.Add(&SseScalarToInteger, Mnemonic.Cvtss2si, Mnemonic.Cvttss2si, Mnemonic.Cvtsd2si, Mnemonic.Cvttsd2si);
        table.Add(&SseScalarConvert, Mnemonic.Cvtss2sd, Mnemonic.Cvtsd2ss);
        table.Add(&SsePackedConvert, Mnemonic.Cvtps2pd, Mnemonic.Cvtpd2ps, Mnemonic.Cvtdq2ps, Mnemonic.Cvtps2dq, Mnemonic.Cvttps2dq,
            Mnemonic.Cvtdq2pd, Mnemonic.Cvtpd2dq, Mnemonic.Cvttpd2dq);
        table.Add(&SseMmxConvert, Mnemonic.Cvtpi2ps, Mnemonic.Cvtps2pi, Mnemonic.Cvttps2pi, Mnemonic.Cvtpi2pd, Mnemonic.Cvtpd2pi,
            Mnemonic.Cvttpd2pi);
    }
}
