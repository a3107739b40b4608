using HvDsl.Runtime.Cpu.Float;

namespace HvDsl.Runtime.Tests.Float;

/// <summary>SDM Vol. 1 11.5.3: which flags an SSE instruction reports and whether it faults, pre-computation exceptions first.</summary>
public class SseExceptionRuleTests
{
    private const FpExceptions AllMasked = FpExceptions.All;

    [Fact]
    public void Masked_flags_are_all_reported_and_the_instruction_completes()
    {
        var reported = SseExceptionRule.Reported(FpExceptions.Denormal | FpExceptions.Overflow | FpExceptions.Precision, AllMasked, out bool faults);

        Assert.False(faults);
        Assert.Equal(FpExceptions.Denormal | FpExceptions.Overflow | FpExceptions.Precision, reported);
    }

    [Fact]
    public void Unmasked_pre_computation_exception_reports_only_pre_computation_flags()
    {
        var raised = FpExceptions.Invalid | FpExceptions.Denormal | FpExceptions.Underflow | FpExceptions.Precision;

        var reported = SseExceptionRule.Reported(raised, AllMasked & ~FpExceptions.Invalid, out bool faults);

        Assert.True(faults);
        Assert.Equal(FpExceptions.Invalid | FpExceptions.Denormal, reported);
    }

    [Fact]
    public void Unmasked_precision_faults_after_the_masked_pre_computation_flags_are_kept()
    {
        var reported = SseExceptionRule.Reported(FpExceptions.Denormal | FpExceptions.Precision, AllMasked & ~FpExceptions.Precision, out bool faults);

        Assert.True(faults);
        Assert.Equal(FpExceptions.Denormal | FpExceptions.Precision, reported);
    }

    [Fact]
    public void Masked_pre_computation_flag_beside_an_unmasked_post_computation_mask_does_not_fault_alone()
    {
        var reported = SseExceptionRule.Reported(FpExceptions.ZeroDivide, AllMasked & ~FpExceptions.Overflow, out bool faults);

        Assert.False(faults);
        Assert.Equal(FpExceptions.ZeroDivide, reported);
    }
}
