using System;
using HvDsl.Runtime.Cpu.Float;
using HvDsl.Runtime.Tests.Float;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Cpu.X87;

/// <summary>
/// The x87 transcendental instructions in a guest: the stack effects, C2 for an argument beyond 2^63, and (on operands where
/// the host rounds correctly) the host's bits.
/// </summary>
public sealed class X87TranscendentalTests
{
    private static HostFpuBlock Block(Extended80 a, Extended80 b)
    {
        var block = HostFpuBlock.Create();
        block.A = HostFpuBlock.FromExtended(a);
        block.B = HostFpuBlock.FromExtended(b);
        return block;
    }

    private static readonly Extended80 Half = new(0x3FFE, 0x8000_0000_0000_0000);
    private static readonly Extended80 Two = new(0x4000, 0x8000_0000_0000_0000);

    [Fact]
    public void Fsincos_leaves_the_cosine_in_st0_and_the_sine_in_st1()
    {
        var guest = X87Differential.Guest(a =>
        {
            a.fstp(st1);
            a.fsincos();
        }, Block(Half, Two));

        Assert.Equal(Extended80.Pack(FpTranscendentalReference(Math.Cos(0.5))), Round53(guest.St0));
        Assert.Equal(Extended80.Pack(FpTranscendentalReference(Math.Sin(0.5))), Round53(guest.St1));
    }

    [Fact]
    public void Fptan_pushes_one_after_the_tangent()
    {
        var guest = X87Differential.Guest(a =>
        {
            a.fstp(st1);
            a.fptan();
        }, Block(Half, Two));

        Assert.Equal(new Extended80(0x3FFF, 0x8000_0000_0000_0000), guest.St0);
        Assert.Equal(Extended80.Pack(FpTranscendentalReference(Math.Tan(0.5))), Round53(guest.St1));
    }

    [Fact]
    public void Fsin_of_an_argument_beyond_two_to_the_63_sets_c2_and_keeps_the_operand()
    {
        var huge = new Extended80(0x403E, 0x8000_0000_0000_0000);
        var guest = X87Differential.Compare(a => a.fsin(), Block(huge, Two));

        Assert.Equal(huge, guest.St0);
        Assert.NotEqual(0, guest.StatusWord & 0x0400);
    }

    [Fact]
    public void Fyl2x_and_f2xm1_give_the_hosts_value_and_fpatan_pops_to_the_angle()
    {
        // The host sets PE for FYL2X even when the product is exact (log2(2) × 0.5); the library does not, so only values are compared.
        if (HostFpu.Available)
        {
            Assert.Equal(X87Differential.Host(a => a.fyl2x(), Block(Two, Half)).St0, X87Differential.Guest(a => a.fyl2x(), Block(Two, Half)).St0);
            var negativeHalf = Half with { SignExponent = 0xBFFE };
            X87Differential.Compare(a => a.f2xm1(), Block(negativeHalf, Two));
        }
        var guest = X87Differential.Guest(a => a.fpatan(), Block(Two, Half));
        Assert.Equal(Extended80.Pack(FpTranscendentalReference(Math.Atan2(0.5, 2))), Round53(guest.St0));
        Assert.Equal(0x3800, guest.StatusWord & 0x3800); // TOP back to 7 after the pop
    }

    private static FpValue FpTranscendentalReference(double value) =>
        new Float64((ulong)BitConverter.DoubleToInt64Bits(value)).Unpack(new FpEnvironment());

    /// <summary>The extended value rounded to double: the host's <see cref="Math"/> functions are only that precise.</summary>
    private static Extended80 Round53(Extended80 value) =>
        Extended80.Pack(SoftFloat.Convert<Extended80, Float64>(value, new FpEnvironment()).Unpack(new FpEnvironment()));
}
