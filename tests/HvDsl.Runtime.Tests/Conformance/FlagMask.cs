namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Which FLAGS bits a vector's comparison checks.</summary>
internal static class FlagMask
{
    /// <summary>IOPL and NT (and bit 15) cannot be set in real mode.</summary>
    private const ushort RealModeBits = 0x0FFF;

    private const ushort OverflowFlag = 0x800;

    /// <summary>
    /// The metadata mask without bits 12-15. The metadata misses that OF of RCL/RCR is undefined when
    /// the masked count is not 1 for <c>C0.2</c>/<c>C0.3</c> only: C1 and D2/D3 mask OF, D0/D1 count 1.
    /// </summary>
    public static ushort For(ConformanceVector vector, InstructionBytes instruction, OpcodeInfo info)
    {
        var mask = (ushort)(info.FlagsMask & RealModeBits);
        bool rotateThroughCarry = instruction.Opcode == 0xC0 && instruction.ModRmReg is 2 or 3;
        if (rotateThroughCarry && (vector.Bytes[^2] & 31) != 1)
            mask &= unchecked((ushort)~OverflowFlag);
        return mask;
    }
}
