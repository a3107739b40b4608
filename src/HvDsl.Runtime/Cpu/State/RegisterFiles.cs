using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu.State;

/// <summary>RAX..R15 in encoding order, stored inline so the vCPU reaches them without an array header.</summary>
[InlineArray(Count)]
internal struct GprFile
{
    /// <summary>Registers in the file.</summary>
    public const int Count = 16;

    private ulong _first;
}

/// <summary>ES, CS, SS, DS, FS, GS in Iced's register order.</summary>
[InlineArray(Count)]
internal struct SegmentFile
{
    /// <summary>Registers in the file.</summary>
    public const int Count = 6;

    private SegmentRegister _first;
}

/// <summary>The x87 data registers R0..R7 by physical number (ST(i) is R((TOP + i) mod 8)).</summary>
[InlineArray(Count)]
internal struct X87RegisterFile
{
    /// <summary>Registers in the file.</summary>
    public const int Count = 8;

    private X87Register _first;
}

/// <summary>XMM0..XMM15.</summary>
[InlineArray(Count)]
internal struct XmmFile
{
    /// <summary>Registers in the file.</summary>
    public const int Count = 16;

    private UInt128 _first;
}
