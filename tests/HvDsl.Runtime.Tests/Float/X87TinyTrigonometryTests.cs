using HvDsl.Runtime.Cpu.Float;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>
/// sin, cos and tan of an argument so small that every series term after the first falls below the working precision:
/// the exact value still lies just inside (sin, cos) or outside (tan) the first term, which directed rounding must honour.
/// </summary>
public class X87TinyTrigonometryTests
{
    private const ushort ControlWord = 0x037F;

    // 2^-200: normal, so no denormal operand is involved.
    private static readonly FpValue Tiny = new() { Kind = FpKind.Finite, Exponent = -200, Significand = 1UL << 63 };

    private static FpValue Trig(FpTranscendental.Trigonometric function, FpRounding rounding, FpValue argument)
    {
        var env = FpEnvironment.FromX87ControlWord(ControlWord);
        env.Rounding = rounding;
        Assert.True(FpTranscendental.Trig(argument, function, env, out var result));
        Assert.Equal(FpExceptions.Precision, env.Flags);
        return result;
    }

    [Fact]
    public void Sine_of_a_tiny_argument_rounds_toward_zero_to_the_value_just_below_it()
    {
        var result = Trig(FpTranscendental.Trigonometric.Sine, FpRounding.TowardZero, Tiny);

        Assert.Equal((-201, ulong.MaxValue), (result.Exponent, result.Significand));
    }

    [Fact]
    public void Sine_of_a_tiny_negative_argument_rounds_up_to_the_value_just_above_it()
    {
        var result = Trig(FpTranscendental.Trigonometric.Sine, FpRounding.Up, Tiny.Negated());

        Assert.Equal((true, -201, ulong.MaxValue), (result.Sign, result.Exponent, result.Significand));
    }

    [Fact]
    public void Sine_of_a_tiny_argument_rounds_to_nearest_as_the_argument_itself()
    {
        var result = Trig(FpTranscendental.Trigonometric.Sine, FpRounding.Nearest, Tiny);

        Assert.Equal((-200, 1UL << 63), (result.Exponent, result.Significand));
    }

    [Fact]
    public void Cosine_of_a_tiny_argument_rounds_down_to_the_value_just_below_one()
    {
        var result = Trig(FpTranscendental.Trigonometric.Cosine, FpRounding.Down, Tiny);

        Assert.Equal((-1, ulong.MaxValue), (result.Exponent, result.Significand));
    }

    [Fact]
    public void Tangent_of_a_tiny_argument_rounds_up_to_the_value_just_above_it_and_toward_zero_to_the_argument()
    {
        var up = Trig(FpTranscendental.Trigonometric.Tangent, FpRounding.Up, Tiny);
        var towardZero = Trig(FpTranscendental.Trigonometric.Tangent, FpRounding.TowardZero, Tiny);

        Assert.Equal((-200, (1UL << 63) + 1), (up.Exponent, up.Significand));
        Assert.Equal((-200, 1UL << 63), (towardZero.Exponent, towardZero.Significand));
    }
}
