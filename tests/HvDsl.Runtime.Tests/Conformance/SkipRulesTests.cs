namespace HvDsl.Runtime.Tests.Conformance;

public class SkipRulesTests
{
    private static string? Skip(string opcode, byte[] bytes, OpcodeInfo info, ExpectedException? exception = null)
    {
        ConformanceVector vector = Vectors.Make(opcode, bytes, exception: exception);
        return SkipRules.BeforeRun(vector, InstructionBytes.Parse(bytes), info);
    }

    private static readonly OpcodeInfo Normal = OpcodeInfo.Normal;

    [Fact]
    public void Undefined_and_fpu_statuses_are_skipped()
    {
        Assert.NotNull(Skip("D8", [0xD8, 0xC0, 0xF4], new OpcodeInfo("fpu", 0xFFFF)));
        Assert.NotNull(Skip("FE.2", [0xFE, 0xD0, 0xF4], new OpcodeInfo("undefined", 0xFFFF)));
        Assert.Null(Skip("D6", [0xD6, 0xF4], new OpcodeInfo("undocumented", 0xFFFF)));
    }

    [Fact]
    public void Eleven_byte_instruction_is_skipped_ten_is_run()
    {
        byte[] ten = [0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x81, 0x00, 0x34, 0x12, 0xF4];
        byte[] eleven = [0x26, .. ten];
        Assert.Null(Skip("81.0", ten, Normal));
        Assert.NotNull(Skip("81.0", eleven, Normal));
    }

    [Fact]
    public void Lock_among_prefixes_is_skipped()
    {
        Assert.NotNull(Skip("00", [0x26, 0xF0, 0x00, 0x00, 0xF4], Normal));
        Assert.Null(Skip("00", [0x26, 0x00, 0x00, 0xF4], Normal));
    }

    [Fact]
    public void Segment_moves_naming_fs_or_gs_are_skipped()
    {
        Assert.NotNull(Skip("8E", [0x8E, 0xE0, 0xF4], Normal));
        Assert.NotNull(Skip("8C", [0x2E, 0x8C, 0x2F, 0xF4], Normal));
        Assert.Null(Skip("8E", [0x8E, 0xD8, 0xF4], Normal));
    }

    [Fact]
    public void General_protection_from_a_string_instruction_is_skipped_but_not_from_others()
    {
        var gp = new ExpectedException(13, 0x1000);
        Assert.NotNull(Skip("A5", [0xF3, 0xA5, 0xF4], Normal, gp));
        Assert.Null(Skip("A5", [0xA5, 0xF4], Normal));
        Assert.Null(Skip("01", [0x01, 0x07, 0xF4], Normal, gp));
    }

    [Fact]
    public void General_protection_expected_where_the_runtime_raised_stack_fault_is_skipped()
    {
        ConformanceVector vector = Vectors.Make("C3", [0xC3, 0xF4], exception: new ExpectedException(13, 0x1000));
        Assert.NotNull(SkipRules.AfterRun(vector, 12));
        Assert.Null(SkipRules.AfterRun(vector, 13));
        Assert.Null(SkipRules.AfterRun(Vectors.Make("C3", [0xC3, 0xF4]), 12));
    }

    [Fact]
    public void Rcl_by_immediate_masks_overflow_unless_the_masked_count_is_one()
    {
        ushort For(byte count) =>
            FlagMask.For(Vectors.Make("C0.2", [0xC0, 0xD0, count, 0xF4]), InstructionBytes.Parse([0xC0, 0xD0, count, 0xF4]), Normal);
        Assert.Equal(0x07FF, For(3));
        Assert.Equal(0x07FF, For(0));
        Assert.Equal(0x0FFF, For(1));
        Assert.Equal(0x0FFF, For(33));
    }

    [Fact]
    public void Rol_by_immediate_keeps_overflow_in_the_mask()
    {
        byte[] bytes = [0xC0, 0xC0, 3, 0xF4];
        Assert.Equal(0x0FFF, FlagMask.For(Vectors.Make("C0.0", bytes), InstructionBytes.Parse(bytes), Normal));
    }
}
