namespace HvDsl.Runtime.Cpu.Float;

/// <summary>
/// The controls one floating-point operation runs under and the flags it raises. Operations OR
/// their flags into <see cref="Flags"/>; a caller checks <see cref="Unmasked"/> before it writes
/// a result, since an unmasked exception must leave the destination (and for SSE, MXCSR's other
/// effects) as they were.
/// </summary>
internal sealed class FpEnvironment
{
    /// <summary>The rounding control.</summary>
    public FpRounding Rounding { get; set; }

    /// <summary>x87 precision control in significand bits (24, 53 or 64); arithmetic on extended values rounds to it.</summary>
    public int Precision { get; set; } = 64;

    /// <summary>Exceptions whose mask bit is set: these get the default (masked) response.</summary>
    public FpExceptions Masks { get; set; } = FpExceptions.All;

    /// <summary>x87 or SSE rules.</summary>
    public FpFlavor Flavor { get; set; }

    /// <summary>SSE DAZ: denormal operands read as zeros of the same sign, without DE.</summary>
    public bool DenormalsAreZero { get; set; }

    /// <summary>SSE FTZ: with UE masked, a tiny result becomes a zero of its sign, with UE and PE.</summary>
    public bool FlushToZero { get; set; }

    /// <summary>Flags raised since the caller last cleared them.</summary>
    public FpExceptions Flags { get; set; }

    /// <summary>x87 C1 after an inexact result: the last rounding increased the magnitude. Set by every rounding; an operation that returns a NaN, zero or infinity early leaves it as it was, so a caller clears it per instruction.</summary>
    public bool RoundedUp { get; set; }

    /// <summary>Raised flags whose mask bit is clear: the instruction must fault (#MF/#XM) instead of completing normally.</summary>
    public FpExceptions Unmasked => Flags & ~Masks;

    /// <summary>The environment MXCSR describes (RC bits 13-14, masks 7-12, DAZ bit 6, FTZ bit 15, flags 0-5).</summary>
    public static FpEnvironment FromMxcsr(uint mxcsr) => new()
    {
        Flavor = FpFlavor.Sse,
        Rounding = (FpRounding)((mxcsr >> 13) & 3),
        Masks = (FpExceptions)((mxcsr >> 7) & 0x3F),
        DenormalsAreZero = (mxcsr & (1u << 6)) != 0,
        FlushToZero = (mxcsr & (1u << 15)) != 0,
    };

    /// <summary>The environment an x87 control word describes (RC bits 10-11, PC bits 8-9, masks 0-5).</summary>
    public static FpEnvironment FromX87ControlWord(ushort controlWord) => new()
    {
        Flavor = FpFlavor.X87,
        Rounding = (FpRounding)((controlWord >> 10) & 3),
        Precision = ((controlWord >> 8) & 3) switch { 0 => 24, 2 => 53, _ => 64 },
        Masks = (FpExceptions)(controlWord & 0x3F),
    };

    /// <summary>Raises <paramref name="flags"/>.</summary>
    public void Raise(FpExceptions flags) => Flags |= flags;

    /// <summary>True when any of <paramref name="flags"/> has been raised unmasked.</summary>
    public bool IsUnmasked(FpExceptions flags) => (Unmasked & flags) != 0;
}
