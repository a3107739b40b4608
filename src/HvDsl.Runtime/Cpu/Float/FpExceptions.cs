using System;

namespace HvDsl.Runtime.Cpu.Float;

/// <summary>Floating-point exception flags, in the bit positions both the x87 status word and MXCSR use.</summary>
[Flags]
internal enum FpExceptions : byte
{
    None = 0,
    /// <summary>IE: invalid operation (SNaN, unsupported operand, 0/0, inf-inf ...).</summary>
    Invalid = 1,
    /// <summary>DE: a denormal operand.</summary>
    Denormal = 2,
    /// <summary>ZE: a finite nonzero value divided by zero.</summary>
    ZeroDivide = 4,
    /// <summary>OE: the rounded result is too large for the format.</summary>
    Overflow = 8,
    /// <summary>UE: the result is tiny (and, when masked, inexact).</summary>
    Underflow = 16,
    /// <summary>PE: the result is inexact.</summary>
    Precision = 32,
    /// <summary>Every flag.</summary>
    All = 63,
}
