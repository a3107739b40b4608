using HvDsl.Runtime.Cpu.Float;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>SSE4.1 ROUNDSS/ROUNDSD against the host: an immediate rounding mode or MXCSR's (bit 2), PE suppressed by bit 3.</summary>
public class SseRoundDifferentialTests
{
    [HostSse41Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(11)]
    [InlineData(12)]
    public void Round_to_integral_matches_the_host(int immediate)
    {
        using var singleHost = HostFpu.Sse(a => a.roundss(xmm0, xmm1, (byte)immediate));
        using var doubleHost = HostFpu.Sse(a => a.roundsd(xmm0, xmm1, (byte)immediate));
        FloatDifferential.Check($"roundss{immediate}", o => SseCase.Single(singleHost, o,
            (_, b, env) => Float32.Pack(FpConvert.RoundToIntegral(b.Unpack(env), FpFormat.Single, Mode(immediate, env), (immediate & 8) != 0, env))));
        FloatDifferential.Check($"roundsd{immediate}", o => SseCase.Double(doubleHost, o,
            (_, b, env) => Float64.Pack(FpConvert.RoundToIntegral(b.Unpack(env), FpFormat.Double, Mode(immediate, env), (immediate & 8) != 0, env))));
    }

    private static FpRounding Mode(int immediate, FpEnvironment env) => (immediate & 4) != 0 ? env.Rounding : (FpRounding)(immediate & 3);
}
