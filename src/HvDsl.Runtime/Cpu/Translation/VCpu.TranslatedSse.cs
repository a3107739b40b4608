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

    /// <summary>
    /// A translated SSE instruction whose fast path declined, through <see cref="TranslatedStep"/>: its RIP and whether it
    /// leaves the run loop's checks alone found here, so the block's one shared step passes only the index.
    /// </summary>
    private bool TranslatedSseStep(int index, ulong start, ulong flags) =>
        TranslatedStep(index, index == 0 ? _block!.Rip : _block!.Ops[index - 1].NextRip, start, flags, LeavesRunLoopChecksAlone(ref _block.Code[index]));
}
