using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>Hand-picked cases that pin down the documented flag rules; the differential suite covers the rest.</summary>
public class AluTests
{
    [Fact]
    public void Add_sets_carry_and_zero_when_the_byte_wraps()
    {
        ulong flags = 0;
        Assert.Equal(0UL, Alu.Add(1, 0xFF, 1, ref flags));
        Assert.Equal(RFlags.CF | RFlags.ZF | RFlags.PF | RFlags.AF, flags);
    }

    [Fact]
    public void Sub_sets_overflow_when_the_sign_boundary_is_crossed()
    {
        ulong flags = 0;
        Assert.Equal(0x7FFF_FFFFUL, Alu.Sub(4, 0x8000_0000, 1, ref flags));
        Assert.Equal(RFlags.OF | RFlags.AF | RFlags.PF, flags);
    }

    [Fact]
    public void Inc_keeps_carry()
    {
        ulong flags = RFlags.CF;
        Assert.Equal(0UL, Alu.Inc(8, ulong.MaxValue, ref flags));
        Assert.Equal(RFlags.CF, flags & RFlags.CF);
        Assert.Equal(RFlags.ZF, flags & RFlags.ZF);
    }

    [Fact]
    public void Shift_with_zero_masked_count_changes_no_flag()
    {
        ulong flags = RFlags.Arithmetic | RFlags.DF;
        Assert.Equal(0x81UL, Alu.Shl(1, 0x81, 32, ref flags));
        Assert.Equal(RFlags.Arithmetic | RFlags.DF, flags);
    }

    [Fact]
    public void Rcl_of_a_byte_rotates_through_nine_bits()
    {
        ulong flags = RFlags.CF;
        Assert.Equal(0x01UL, Alu.Rcl(1, 0x00, 1, ref flags));
        Assert.Equal(0UL, flags & RFlags.CF);
        flags = 0;
        Assert.Equal(0x80UL, Alu.Rcl(1, 0x80, 9, ref flags));
    }

    [Fact]
    public void Div_reports_divide_error_for_zero_divisor_and_overflow()
    {
        Assert.False(Alu.Div(4, 0, 1, 0, out _, out _));
        Assert.False(Alu.Div(1, 0x01, 0x00, 0x01, out _, out _));
        Assert.True(Alu.Div(8, 1, 0, 2, out ulong q, out ulong r));
        Assert.Equal(0x8000_0000_0000_0000UL, q);
        Assert.Equal(0UL, r);
    }

    [Fact]
    public void Idiv_rejects_the_most_negative_quotient_negated()
    {
        Assert.False(Alu.Idiv(4, 0xFFFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, out _, out _));
        Assert.False(Alu.Idiv(8, 0x8000_0000_0000_0000, 0, ulong.MaxValue, out _, out _));
        Assert.True(Alu.Idiv(2, 0xFFFF, 0xFFF9, 2, out ulong q, out ulong r));
        Assert.Equal(0xFFFDUL, q);
        Assert.Equal(0xFFFFUL, r);
    }

    [Fact]
    public void Imul_sets_carry_and_overflow_when_the_product_does_not_fit()
    {
        ulong flags = 0;
        Assert.Equal(0x00UL, Alu.Imul(1, 0x80, 0xFE, out ulong high, ref flags));
        Assert.Equal(0x01UL, high);
        Assert.Equal(RFlags.CF | RFlags.OF, flags & (RFlags.CF | RFlags.OF));
    }

    [Fact]
    public void Bsf_of_zero_sets_zero_flag_and_keeps_the_destination()
    {
        ulong flags = 0;
        Assert.Equal(1234UL, Alu.Bsf(4, 0, 1234, ref flags));
        Assert.Equal(RFlags.ZF, flags & RFlags.ZF);
    }

    [Fact]
    public void Daa_adjusts_both_digits()
    {
        ulong flags = 0;
        Assert.Equal(0x00UL, Alu.Daa(0x9A, ref flags));
        Assert.Equal(RFlags.CF | RFlags.AF, flags & (RFlags.CF | RFlags.AF));
    }

    [Fact]
    public void Das_sets_carry_when_the_low_digit_adjustment_borrows()
    {
        ulong flags = RFlags.AF;
        Assert.Equal(0xFDUL, Alu.Das(0x03, ref flags));
        Assert.Equal(RFlags.CF | RFlags.AF, flags & (RFlags.CF | RFlags.AF));
    }

    [Theory]
    [InlineData(4, RFlags.ZF, true)]
    [InlineData(7, RFlags.ZF, false)]
    [InlineData(12, RFlags.SF, true)]
    [InlineData(12, RFlags.SF | RFlags.OF, false)]
    [InlineData(15, 0, true)]
    public void Condition_evaluates_the_flag_formula(int cc, ulong flags, bool expected) =>
        Assert.Equal(expected, Alu.Condition(cc, flags));
}
