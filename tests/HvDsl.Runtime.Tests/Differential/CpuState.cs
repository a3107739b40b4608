using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>The registers a native thunk loads before the instruction under test and stores after it; RDI points here.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct CpuState
{
    public ulong Rax, Rcx, Rdx, Rbx, Flags;

    /// <summary>Writes <paramref name="value"/> to a register as x86 does: 8/16-bit writes merge, 32-bit writes zero-extend.</summary>
    public static void Write(ref ulong register, int size, ulong value) => register = size switch
    {
        1 => (register & ~0xFFUL) | (value & 0xFF),
        2 => (register & ~0xFFFFUL) | (value & 0xFFFF),
        4 => value & 0xFFFF_FFFF,
        _ => value,
    };

    public override readonly string ToString() =>
        $"rax={Rax:X16} rcx={Rcx:X16} rdx={Rdx:X16} rbx={Rbx:X16} flags={Flags:X4}";
}
