using System;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>The parts of a 286 instruction the runner looks at: prefixes, opcode and ModRM <c>reg</c>.</summary>
internal readonly record struct InstructionBytes(bool Lock, bool Repeat, int Opcode, int? ModRmReg, int Length)
{
    /// <summary>Splits <paramref name="bytes"/>, which end with the HLT every vector appends.</summary>
    public static InstructionBytes Parse(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> instruction = bytes[..^1];
        bool lockPrefix = false, repeat = false;
        var i = 0;
        for (; i < instruction.Length && IsPrefix(instruction[i]); i++)
        {
            lockPrefix |= instruction[i] == 0xF0;
            repeat |= instruction[i] is 0xF2 or 0xF3;
        }
        if (i == instruction.Length)
            return new InstructionBytes(lockPrefix, repeat, -1, null, instruction.Length);
        int opcode = instruction[i++];
        if (opcode == 0x0F && i < instruction.Length)
            opcode = 0x0F00 | instruction[i++];
        int? reg = i < instruction.Length ? (instruction[i] >> 3) & 7 : null;
        return new InstructionBytes(lockPrefix, repeat, opcode, reg, instruction.Length);
    }

    /// <summary>MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS, byte and word forms.</summary>
    public bool IsString => Opcode is (>= 0xA4 and <= 0xA7) or (>= 0xAA and <= 0xAF) or (>= 0x6C and <= 0x6F);

    /// <summary>The 286's prefixes: segment overrides, LOCK, REPNE and REP.</summary>
    private static bool IsPrefix(byte b) => b is 0x26 or 0x2E or 0x36 or 0x3E or 0xF0 or 0xF2 or 0xF3;
}
