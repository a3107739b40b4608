using HvDsl.Runtime.Cpu.Float;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>
/// What the host harness cannot run (it keeps every exception masked): unmasked responses as the SDM
/// defines them (Vol. 1 4.9 and 8.5), plus the control settings they interact with.
/// </summary>
public class FloatEnvironmentTests
{
    private const uint Mxcsr = 0x1F80;
    private const ushort ControlWord = 0x037F;

    [Fact]
    public void Unmasked_sse_underflow_is_reported_for_an_exact_tiny_result()
    {
        var masked = FpEnvironment.FromMxcsr(Mxcsr);
        var unmasked = FpEnvironment.FromMxcsr(Mxcsr & ~(1u << 11));
        Float32 smallest = new(0x0080_0000), half = new(0x3F00_0000);

        Assert.Equal(new Float32(0x0040_0000), SoftFloat.Multiply(smallest, half, masked));
        SoftFloat.Multiply(smallest, half, unmasked);

        Assert.Equal(FpExceptions.None, masked.Flags);
        Assert.Equal(FpExceptions.Underflow, unmasked.Unmasked);
    }

    [Fact]
    public void Unmasked_x87_overflow_delivers_the_result_scaled_down_by_2_to_the_24576()
    {
        var env = FpEnvironment.FromX87ControlWord(ControlWord & ~0x08);

        Extended80 product = SoftFloat.Multiply(new Extended80(0x7FFE, 0xC000_0000_0000_0000), new Extended80(0x4000, 1UL << 63), env);

        Assert.Equal(new Extended80(16384 - 24576 + 16383, 0xC000_0000_0000_0000), product);
        Assert.Equal(FpExceptions.Overflow, env.Unmasked);
    }

    [Fact]
    public void Unmasked_x87_underflow_delivers_the_result_scaled_up_by_2_to_the_24576()
    {
        var env = FpEnvironment.FromX87ControlWord(ControlWord & ~0x10);

        Extended80 product = SoftFloat.Multiply(new Extended80(0x0001, 1UL << 63), new Extended80(0x3FFF - 10, 1UL << 63), env);

        Assert.Equal(new Extended80(1 - 10 + 24576, 1UL << 63), product);
        Assert.Equal(FpExceptions.Underflow, env.Unmasked);
    }

    [Fact]
    public void Unmasked_denormal_operand_stops_before_the_result_is_computed()
    {
        var env = FpEnvironment.FromMxcsr(Mxcsr & ~(1u << 8));

        SoftFloat.Add(new Float32(0x0000_0001), new Float32(0x3F80_0000), env);

        Assert.Equal(FpExceptions.Denormal, env.Flags);
        Assert.True(env.IsUnmasked(FpExceptions.Denormal));
    }

    [Fact]
    public void Flush_to_zero_turns_a_tiny_result_into_a_zero_of_its_sign_with_underflow_and_precision()
    {
        var env = FpEnvironment.FromMxcsr(Mxcsr | 0x8000);

        Float32 product = SoftFloat.Multiply(new Float32(0x8080_0000), new Float32(0x3F00_0000), env);

        Assert.Equal(new Float32(0x8000_0000), product);
        Assert.Equal(FpExceptions.Underflow | FpExceptions.Precision, env.Flags);
    }

    [Fact]
    public void Denormals_are_zero_reads_a_denormal_operand_as_zero_without_denormal_flag()
    {
        var env = FpEnvironment.FromMxcsr(Mxcsr | 0x40);

        Float32 sum = SoftFloat.Add(new Float32(0x8000_0001), new Float32(0x8000_0000), env);

        Assert.Equal(new Float32(0x8000_0000), sum);
        Assert.Equal(FpExceptions.None, env.Flags);
    }

    [Fact]
    public void Invalid_operation_returns_the_negative_quiet_nan_real_indefinite_in_every_format()
    {
        var sse = FpEnvironment.FromMxcsr(Mxcsr);
        var x87 = FpEnvironment.FromX87ControlWord(ControlWord);

        Assert.Equal(new Float32(0xFFC0_0000), SoftFloat.Divide(new Float32(0), new Float32(0), sse));
        Assert.Equal(new Float64(0xFFF8_0000_0000_0000), SoftFloat.Divide(new Float64(0), new Float64(0), sse));
        Assert.Equal(new Extended80(0xFFFF, 0xC000_0000_0000_0000), SoftFloat.Divide(new Extended80(0, 0), new Extended80(0, 0), x87));
        Assert.Equal(FpExceptions.Invalid, sse.Flags);
        Assert.Equal(FpExceptions.Invalid, x87.Flags);
    }

    [Fact]
    public void Unnormal_x87_operand_is_invalid()
    {
        var env = FpEnvironment.FromX87ControlWord(ControlWord);

        Extended80 sum = SoftFloat.Add(new Extended80(0x3FFF, 0x4000_0000_0000_0000), new Extended80(0x3FFF, 1UL << 63), env);

        Assert.Equal(new Extended80(0xFFFF, 0xC000_0000_0000_0000), sum);
        Assert.Equal(FpExceptions.Invalid, env.Flags);
    }

    [Fact]
    public void Precision_control_24_rounds_an_extended_sum_to_24_significand_bits_and_sets_c1_when_rounding_up()
    {
        var env = FpEnvironment.FromX87ControlWord((ushort)((ControlWord & ~0x300) | (2 << 10)));

        Extended80 sum = SoftFloat.Add(new Extended80(0x3FFF, 1UL << 63), new Extended80(0x3FFF - 30, 1UL << 63), env);

        Assert.Equal(new Extended80(0x3FFF, (1UL << 63) | (1UL << 40)), sum);
        Assert.Equal(FpExceptions.Precision, env.Flags);
        Assert.True(env.RoundedUp);
    }

    [Fact]
    public void Integer_conversion_overflow_gives_the_integer_indefinite()
    {
        var env = FpEnvironment.FromMxcsr(Mxcsr);

        Assert.Equal(int.MinValue, SoftFloat.ToInteger(new Float32(0x4F00_0000), 32, false, env));
        Assert.Equal(short.MinValue, SoftFloat.ToInteger(new Extended80(0x3FFF + 15, 1UL << 63), 16, true, env));
        Assert.Equal(FpExceptions.Invalid, env.Flags);
    }
}
