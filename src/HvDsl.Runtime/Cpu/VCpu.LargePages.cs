using System;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>Bits of <see cref="_largePageRegions"/>: 4 MiB regions hashed over 16 GiB of linear space; a collision only widens an INVLPG.</summary>
    private const int LargePageRegionBits = 4096;

    // Since the last full flush: the 4 MiB regions in which a walk ended at a 2 MiB or 4 MiB page, and whether one ended at a 1 GiB page.
    private readonly ulong[] _largePageRegions = new ulong[LargePageRegionBits / 64];
    private bool _gibPageWalked;

    /// <summary>Notes that a walk of <paramref name="linear"/> ended at a page of 2^<paramref name="shift"/> bytes, so INVLPG in its region must look wider than one slot.</summary>
    private void NoteLargePage(ulong linear, int shift)
    {
        if (shift > LargePageRegionShift)
        {
            _gibPageWalked = true;
            return;
        }
        var bit = (int)(linear >> LargePageRegionShift) & (LargePageRegionBits - 1);
        _largePageRegions[bit >> 6] |= 1UL << bit;
    }

    /// <summary>Whether a walk ended at a 2 MiB or 4 MiB page in the 4 MiB region of <paramref name="linear"/> (or one hashed with it) since the last full flush.</summary>
    private bool LargePageWalkedIn(ulong linear)
    {
        var bit = (int)(linear >> LargePageRegionShift) & (LargePageRegionBits - 1);
        return (_largePageRegions[bit >> 6] & (1UL << bit)) != 0;
    }

    /// <summary>A full flush leaves no large page cached.</summary>
    private void ForgetLargePages()
    {
        Array.Clear(_largePageRegions);
        _gibPageWalked = false;
    }
}
