namespace HvDsl.Runtime.Cpu;

/// <summary>Which fast path executes a <see cref="MicroOp"/>; <see cref="Generic"/> runs the Iced instruction.</summary>
internal enum MicroOpKind : byte
{
    Generic,
    Nop,
    AluRegReg,
    AluRegImm,
    Inc,
    Dec,
    MovRegReg,
    MovRegImm,
    Load,
    Store,

    /// <summary>MOV of an immediate (<see cref="MicroOp.Value"/>) to memory.</summary>
    StoreImm,

    /// <summary>An ALU operation with a memory destination and a register or immediate source; CMP and TEST write nothing.</summary>
    AluMem,

    /// <summary>An ALU operation with a register destination and a memory source.</summary>
    AluRegMem,
    Lea,
    Jcc,
    Jmp,
    Loop,
    PortIn,
    PortOut,
}

/// <summary>ADD, ADC, SUB, SBB, AND, OR, XOR, CMP, TEST; the last two write no result.</summary>
internal enum AluOp : byte
{
    Add,
    Adc,
    Sub,
    Sbb,
    And,
    Or,
    Xor,
    Cmp,
    Test,
}

/// <summary>
/// One instruction pre-decoded at block build: operands resolved to register-file indexes, sizes,
/// immediates and address shapes, so the hot loop never goes back to Iced's accessors.
/// </summary>
internal struct MicroOp
{
    /// <summary>Register-file index meaning "no register" in <see cref="Base"/> and <see cref="Index"/>.</summary>
    public const byte NoRegister = 0xFF;

    public MicroOpKind Kind;

    /// <summary>The <see cref="AluOp"/> of ALU kinds, the condition code of <see cref="MicroOpKind.Jcc"/>.</summary>
    public byte Op;

    /// <summary>Operand size in bytes; the count-register size for <see cref="MicroOpKind.Loop"/>.</summary>
    public byte Size;

    /// <summary>Destination register (register-file index).</summary>
    public byte Dst;

    /// <summary>Source register (register-file index); for port I/O, rDX when the port is in DX, and for <see cref="MicroOpKind.AluMem"/> an immediate source, <see cref="NoRegister"/>.</summary>
    public byte Src;

    /// <summary>Memory operand: base register, index register, log2 of the scale and segment index.</summary>
    public byte Base, Index, Scale, Segment;

    /// <summary>Immediate (masked to the size), branch target, immediate port, or the memory operand's displacement.</summary>
    public ulong Imm;

    /// <summary>The memory operand's address-size mask.</summary>
    public ulong AddressMask;

    /// <summary>The immediate of an instruction whose <see cref="Imm"/> holds a memory displacement (masked to the size).</summary>
    public ulong Value;

    /// <summary>RIP after this instruction, wrapped to the code size.</summary>
    public ulong NextRip;
}
