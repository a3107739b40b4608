using System;

namespace HvDsl.Runtime.Exits;

/// <summary>Qualification bits of an I/O exit.</summary>
[Flags]
public enum ExitFlags : byte
{
    /// <summary>Nothing special.</summary>
    None = 0,
    /// <summary>INS or OUTS: one element per exit; the runtime steps RSI/RDI (and RCX) on resume.</summary>
    String = 1,
    /// <summary>A REP prefix: resuming repeats the instruction until RCX reaches zero.</summary>
    Rep = 2,
}
