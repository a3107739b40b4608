using System;
using System.Diagnostics.CodeAnalysis;
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

/// <summary>
/// XMM0..XMM15, kept as quadwords (each register's low one first) and read as UInt128: a UInt128 field would make the
/// state, and so VCpu, ABI-unstable to crossgen2, which then leaves every method taking a VCpu to the JIT.
/// </summary>
internal struct XmmFile
{
    /// <summary>Registers in the file.</summary>
    public const int Count = 16;

    private XmmQuadwords _quadwords;

    /// <summary>Register <paramref name="index"/> by reference (bounds-checked through the quadword array).</summary>
    [UnscopedRef]
    public ref UInt128 this[int index] => ref Unsafe.As<ulong, UInt128>(ref _quadwords[2 * index]);
}

/// <summary>The XMM file's quadwords, two a register.</summary>
[InlineArray(2 * XmmFile.Count)]
internal struct XmmQuadwords
{
    private ulong _first;
}
