using System;
using System.Diagnostics;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// A translated block's 16-byte SSE store that missed its inlined TLB path: the interpreter's write of the m128 (all
    /// of it or, on a fault, none), at instruction <paramref name="index"/>; <paramref name="size"/> is the 16 the
    /// block's slow-access arguments carry.
    /// </summary>
    private bool TranslatedWrite128(int index, ulong rip, ulong nextRip, ulong start, int segment, ulong offset, int size, ulong low, ulong high)
    {
        Debug.Assert(size == 16);
        Enter(index, rip, nextRip, start);
        // The block checked the alignment an aligned form needs before it came here.
        return Write128(segment, offset, new UInt128(high, low), aligned: false);
    }
}
