using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>The thunk's operand registers by operand size: A is RAX, B is RBX (source), D is RDX (high half).</summary>
internal static class Registers
{
    public static Register A(int size) => size switch { 1 => Register.AL, 2 => Register.AX, 4 => Register.EAX, _ => Register.RAX };

    public static Register B(int size) => size switch { 1 => Register.BL, 2 => Register.BX, 4 => Register.EBX, _ => Register.RBX };

    /// <summary>The operand size in bytes of a form, from the kind of its first operand.</summary>
    public static int OperandSize(Code code) => code.ToOpCode().Op0Kind switch
    {
        OpCodeOperandKind.r8_or_mem or OpCodeOperandKind.r8_reg => 1,
        OpCodeOperandKind.r16_or_mem or OpCodeOperandKind.r16_reg or OpCodeOperandKind.r16_opcode => 2,
        OpCodeOperandKind.r32_or_mem or OpCodeOperandKind.r32_reg or OpCodeOperandKind.r32_opcode => 4,
        _ => 8,
    };

    /// <summary>Mask of the low <paramref name="size"/> bytes.</summary>
    public static ulong Mask(int size) => ulong.MaxValue >> (64 - size * 8);
}
