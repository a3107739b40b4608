namespace HvDsl.Runtime.Cpu;

/// <summary>Bit masks of the x86 RFLAGS register.</summary>
public static class RFlags
{
    /// <summary>Carry flag (bit 0).</summary>
    public const ulong CF = 1;

    /// <summary>Parity flag (bit 2): set when the low byte of the result has an even number of one bits.</summary>
    public const ulong PF = 4;

    /// <summary>Auxiliary carry flag (bit 4): carry or borrow out of bit 3, for BCD arithmetic.</summary>
    public const ulong AF = 0x10;

    /// <summary>Zero flag (bit 6).</summary>
    public const ulong ZF = 0x40;

    /// <summary>Sign flag (bit 7): the most significant bit of the result.</summary>
    public const ulong SF = 0x80;

    /// <summary>Trap flag (bit 8): single-step.</summary>
    public const ulong TF = 0x100;

    /// <summary>Interrupt enable flag (bit 9).</summary>
    public const ulong IF = 0x200;

    /// <summary>Direction flag (bit 10): string instructions count down when set.</summary>
    public const ulong DF = 0x400;

    /// <summary>Overflow flag (bit 11): signed overflow.</summary>
    public const ulong OF = 0x800;

    /// <summary>I/O privilege level (bits 12-13).</summary>
    public const ulong IOPL = 0x3000;

    /// <summary>Nested task flag (bit 14).</summary>
    public const ulong NT = 0x4000;

    /// <summary>Resume flag (bit 16).</summary>
    public const ulong RF = 0x10000;

    /// <summary>Virtual-8086 mode flag (bit 17).</summary>
    public const ulong VM = 0x20000;

    /// <summary>Alignment check / access control flag (bit 18).</summary>
    public const ulong AC = 0x40000;

    /// <summary>CPUID-available flag (bit 21).</summary>
    public const ulong ID = 0x200000;

    /// <summary>The six status flags that arithmetic instructions write.</summary>
    public const ulong Arithmetic = CF | PF | AF | ZF | SF | OF;
}
