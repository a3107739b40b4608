using HvDsl.Runtime.Cpu.Float;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>COMISS/UCOMISS/COMISD/UCOMISD and the eight CMPSS/CMPSD predicates against the host.</summary>
public class SseCompareDifferentialTests
{
    [HostFpuTheory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void Ordered_and_unordered_compare_set_the_host_flags(bool isDouble, bool signaling)
    {
        using var host = HostFpu.Sse(a =>
        {
            switch ((isDouble, signaling))
            {
                case (false, true): a.comiss(xmm0, xmm1); break;
                case (false, false): a.ucomiss(xmm0, xmm1); break;
                case (true, true): a.comisd(xmm0, xmm1); break;
                default: a.ucomisd(xmm0, xmm1); break;
            }
        });
        FloatDifferential.Check($"{(signaling ? "" : "u")}comis{(isDouble ? "d" : "s")}", o =>
        {
            (ulong a, ulong b) = isDouble ? o.RelatedBinary(52, 11, o.Double().Bits, o.Double().Bits) : o.RelatedBinary(23, 8, o.Single().Bits, o.Single().Bits);
            return SseCase.Integer(host, o, a, b, 0, env =>
            {
                FpOrder order = isDouble ? SoftFloat.Compare(new Float64(a), new Float64(b), signaling, env)
                    : SoftFloat.Compare(new Float32((uint)a), new Float32((uint)b), signaling, env);
                return (0UL, FpCompare.ComparisonFlags(order));
            });
        });
    }

    [HostFpuTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Compare_predicate_matches_the_host(int predicate)
    {
        using var singleHost = HostFpu.Sse(a => a.cmpss(xmm0, xmm1, (byte)predicate));
        using var doubleHost = HostFpu.Sse(a => a.cmpsd(xmm0, xmm1, (byte)predicate));
        FloatDifferential.Check($"cmpss{predicate}", o => SseCase.Single(singleHost, o,
            (a, b, env) => new Float32(SoftFloat.ComparePredicate(a, b, predicate, env) ? uint.MaxValue : 0)));
        FloatDifferential.Check($"cmpsd{predicate}", o => SseCase.Double(doubleHost, o,
            (a, b, env) => new Float64(SoftFloat.ComparePredicate(a, b, predicate, env) ? ulong.MaxValue : 0)));
    }
}
