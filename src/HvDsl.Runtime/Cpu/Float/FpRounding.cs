namespace HvDsl.Runtime.Cpu.Float;

/// <summary>The rounding control, in the encoding of the x87 control word's RC and MXCSR's RC fields.</summary>
internal enum FpRounding : byte
{
    /// <summary>Round to nearest, ties to even.</summary>
    Nearest = 0,
    /// <summary>Round toward negative infinity.</summary>
    Down = 1,
    /// <summary>Round toward positive infinity.</summary>
    Up = 2,
    /// <summary>Round toward zero (truncate).</summary>
    TowardZero = 3,
}
