using System;
using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>FCOM, FUCOM, FCOMI, FUCOMI, FTST and FXAM against the host: condition codes, RFLAGS and IE.</summary>
public class X87CompareDifferentialTests
{
    private const ushort Compared = X87Case.Exceptions | X87Case.Codes;

    [HostFpuTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fcom_and_fucom_set_the_host_condition_codes(bool signaling)
    {
        using var host = HostFpu.X87(a => { if (signaling) a.fcom(st0, st1); else a.fucom(st0, st1); });
        FloatDifferential.Check(signaling ? "fcom" : "fucom", o =>
        {
            Extended80 a = o.Extended(), b = o.Random.Next(4) == 0 ? a : o.Extended();
            return X87Case.Run(host, o, a, b, 0, Compared, env =>
            {
                FpOrder order = SoftFloat.Compare(a, b, signaling, env);
                return new X87Expectation(null, null, X87Case.Status(env, FpCompare.ConditionCodes(order)));
            });
        });
    }

    [HostFpuTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fcomi_and_fucomi_set_the_host_flags(bool signaling)
    {
        using var host = HostFpu.X87(a => { if (signaling) a.fcomi(st0, st1); else a.fucomi(st0, st1); });
        FloatDifferential.Check(signaling ? "fcomi" : "fucomi", o =>
        {
            Extended80 a = o.Extended(), b = o.Random.Next(4) == 0 ? a : o.Extended();
            return X87Case.Run(host, o, a, b, 0, Compared, env =>
            {
                FpOrder order = SoftFloat.Compare(a, b, signaling, env);
                return new X87Expectation(null, null, X87Case.Status(env), Flags: FpCompare.ComparisonFlags(order));
            });
        });
    }

    [HostFpuFact]
    public void Ftst_matches_the_host()
    {
        using var host = HostFpu.X87(a => a.ftst());
        FloatDifferential.Check("ftst", o =>
        {
            Extended80 a = o.Extended();
            return X87Case.Run(host, o, a, default, 0, Compared, env =>
            {
                FpOrder order = FpCompare.Order(a.Unpack(env), FpValue.Zero(false), true, env);
                return new X87Expectation(null, null, X87Case.Status(env, FpCompare.ConditionCodes(order)));
            });
        });
    }

    [HostFpuFact]
    public void Fxam_classifies_as_the_host_does()
    {
        using var host = HostFpu.X87(a => a.fxam());
        FloatDifferential.Check("fxam", o =>
        {
            Extended80 a = o.Extended();
            return X87Case.Run(host, o, a, default, 0, Compared, _ => new X87Expectation(null, null, FpX87.Examine(a, empty: false)));
        });
    }
}
