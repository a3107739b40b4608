namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>
/// Where the 286 and the modern processor the runtime models differ (conformance README, "skip the
/// test"): each rule returns why a vector is skipped, or null to run or judge it.
/// </summary>
internal static class SkipRules
{
    private const int GeneralProtection = 13, StackFault = 12;

    /// <summary>The rules decided by the vector and its metadata alone.</summary>
    public static string? BeforeRun(ConformanceVector vector, InstructionBytes instruction, OpcodeInfo info)
    {
        if (info.Status is "undefined" or "fpu")
            return $"status {info.Status}";
        if (instruction.Length > 10)
            return "longer than 10 bytes (#GP on the 286, allowed up to 15 later)";
        if (instruction.Lock)
            return "LOCK prefix (ignored by the 286, #UD later)";
        if (instruction.Opcode is 0x8C or 0x8E && instruction.ModRmReg is 4 or 5)
            return "FS/GS selector (#UD on the 286)";
        // In real mode a string instruction only exceeds the 64 KiB limit with a word at offset 0xFFFF.
        if (vector.Exception?.Number == GeneralProtection && instruction.IsString)
            return "#GP at offset 0xFFFF from a string instruction (the 286 advanced SI/DI first)";
        return null;
    }

    /// <summary>The rule that needs the runtime's answer: #SS where the 286 raised #GP for the stack limit.</summary>
    public static string? AfterRun(ConformanceVector vector, int? raisedVector) =>
        vector.Exception?.Number == GeneralProtection && raisedVector == StackFault
            ? "#GP expected, runtime raised #SS (stack beyond the segment limit)"
            : null;
}
