using System;
using HvDsl.Runtime.Cpu.Float;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>
/// RCPSS and RSQRTSS: the library's value and the host's are both within the SDM's 1.5 × 2^-12 relative error of the
/// exact result (their bits may differ: Intel and AMD differ), the specials are bit for bit the host's, and neither
/// touches MXCSR.
/// </summary>
public class SseApproximationDifferentialTests
{
    /// <summary>SDM vol. 2 RCPSS/RSQRTSS: |relative error| ≤ 1.5 × 2^-12.</summary>
    public static readonly double Bound = 1.5 * Math.Pow(2, -12);

    private static readonly double SmallestNormal = Math.Pow(2, -126);

    [Theory]
    [InlineData(false, 0x3F80_0000u)]
    [InlineData(false, 0x4040_0000u)]
    [InlineData(false, 0x7F7F_FFFFu)]
    [InlineData(true, 0x4040_0000u)]
    [InlineData(true, 0x0080_0000u)]
    [InlineData(true, 0x7F7F_FFFFu)]
    public void Approximation_lies_within_the_sdm_bound_and_keeps_12_fraction_bits(bool squareRoot, uint bits)
    {
        var x = new Float32(bits);

        var result = squareRoot ? FpApproximation.ReciprocalSquareRoot(x) : FpApproximation.Reciprocal(x);

        Assert.Null(Miss(squareRoot, x, result));
        Assert.Equal(0u, result.Bits & ((1u << (23 - FpApproximation.KeptFractionBits)) - 1));
    }

    [Theory]
    [InlineData(false, 0x0000_0001u, 0x7F80_0000u)]
    [InlineData(false, 0x8000_0000u, 0xFF80_0000u)]
    [InlineData(false, 0xFF80_0000u, 0x8000_0000u)]
    [InlineData(false, 0x7F80_0001u, 0x7FC0_0001u)]
    [InlineData(false, 0x7F7F_FFFFu, 0x0000_0000u)]
    [InlineData(true, 0xBF80_0000u, 0xFFC0_0000u)]
    [InlineData(true, 0x8000_0000u, 0xFF80_0000u)]
    [InlineData(true, 0x7F80_0000u, 0x0000_0000u)]
    [InlineData(true, 0xFF80_0000u, 0xFFC0_0000u)]
    public void Special_operand_gives_its_defined_result(bool squareRoot, uint bits, uint expected)
    {
        var x = new Float32(bits);

        var result = squareRoot ? FpApproximation.ReciprocalSquareRoot(x) : FpApproximation.Reciprocal(x);

        Assert.Equal(new Float32(expected), result);
    }

    [HostFpuTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Approximation_and_the_host_are_both_within_the_bound_and_leave_mxcsr_alone(bool squareRoot)
    {
        using var host = HostFpu.Sse(a =>
        {
            if (squareRoot)
                a.rsqrtss(xmm0, xmm1);
            else
                a.rcpss(xmm0, xmm1);
        });
        FloatDifferential.Check(squareRoot ? "rsqrtss" : "rcpss", o =>
        {
            var x = o.Single();
            uint mxcsr = o.Mxcsr();
            var block = HostFpuBlock.Create();
            block.B = x.Bits;
            block.Mxcsr = mxcsr;
            host.Run(ref block);
            var hostResult = new Float32((uint)block.Result);
            var library = squareRoot ? FpApproximation.ReciprocalSquareRoot(x) : FpApproximation.Reciprocal(x);
            string? miss = (block.Mxcsr & 0x3F) != 0 ? "the host raised flags" : Miss(squareRoot, x, library) ?? Miss(squareRoot, x, hostResult, "host ");
            return miss == null ? null : $"  x={x} mxcsr={mxcsr:X4}: host {hostResult} library {library}: {miss}";
        });
    }

    /// <summary>Why <paramref name="result"/> is not an acceptable approximation of <paramref name="x"/>, or null.</summary>
    internal static string? Miss(bool squareRoot, Float32 x, Float32 result, string who = "")
    {
        float value = BitConverter.UInt32BitsToSingle(x.Bits);
        bool denormal = (x.Bits & 0x7F80_0000) == 0;
        if (!float.IsFinite(value) || value == 0 || denormal || (squareRoot && value < 0))
            return result == Expected(squareRoot, x) ? null : $"{who}special result {result}, expected {Expected(squareRoot, x)}";
        double exact = squareRoot ? 1 / Math.Sqrt(value) : 1 / (double)value;
        double got = BitConverter.UInt32BitsToSingle(result.Bits);
        // The SDM guarantees flushing only below 2^-126 (1 - 2^-11) and a normal result only above 2^-126 (1 + 2^-11).
        if (got == 0 && Math.Abs(exact) < SmallestNormal * (1 + Math.Pow(2, -11)) && Math.Sign(1 / got) == Math.Sign(exact))
            return null;
        if (Math.Abs(exact) < SmallestNormal * (1 - Math.Pow(2, -11)))
            return $"{who}result {result} for a tiny exact value, expected a zero";
        double error = Math.Abs(got - exact) / Math.Abs(exact);
        return error <= Bound ? null : $"{who}relative error {error:E3} exceeds {Bound:E3}";
    }

    private static Float32 Expected(bool squareRoot, Float32 x)
    {
        bool sign = (x.Bits & 0x8000_0000) != 0;
        uint magnitude = x.Bits & 0x7FFF_FFFF;
        if (magnitude > 0x7F80_0000)
            return new Float32(x.Bits | 0x0040_0000);
        if (magnitude < 0x0080_0000)
            return new Float32(x.Bits & 0x8000_0000 | 0x7F80_0000);
        if (squareRoot && sign)
            return new Float32(0xFFC0_0000);
        return new Float32(x.Bits & 0x8000_0000);
    }
}
