using System;
using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>Entries of the second-level TLB: 128 MiB of 4 KiB pages, so a guest sweeping a large buffer page by page walks each page once.</summary>
    private const int SecondLevelTlbSize = 32768;

    /// <summary>A second-level translation: the first-level tag, the host page, the guest-physical page and the flush generation it belongs to.</summary>
    private struct TlbEntry
    {
        public ulong Tag;
        public nint Host;
        public ulong Phys;
        public uint Generation;
    }

    // Behind the 256-entry first level, consulted only on its misses; a flush bumps the generation instead of clearing 1 MiB.
    private readonly TlbEntry[] _readTlb2 = new TlbEntry[SecondLevelTlbSize];
    private readonly TlbEntry[] _writeTlb2 = new TlbEntry[SecondLevelTlbSize];
    private uint _tlbGeneration = 1;

    /// <summary>Drops every second-level translation: a new generation, or on its wrap a real clear.</summary>
    private void FlushSecondLevelTlb()
    {
        if (++_tlbGeneration != 0)
            return;
        Array.Clear(_readTlb2);
        Array.Clear(_writeTlb2);
        _tlbGeneration = 1;
    }

    /// <summary>Drops the second-level translations of the 4 KiB linear page <paramref name="page"/> (INVLPG where no large page was walked).</summary>
    private void InvalidateSecondLevelPage(ulong page)
    {
        var index = (int)page & (SecondLevelTlbSize - 1);
        _readTlb2[index].Generation = 0;
        _writeTlb2[index].Generation = 0;
    }

    /// <summary>The host page of a cached translation of <paramref name="linear"/> for this privilege, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte* SecondLevelLookup(TlbEntry[] tlb, ulong linear, bool user, uint generation, out ulong phys)
    {
        ref var entry = ref tlb[(int)(linear >> 12) & (SecondLevelTlbSize - 1)];
        phys = entry.Phys;
        return entry.Generation == generation && entry.Tag == (((linear >> 12) << 1) | (user ? 1UL : 0)) ? (byte*)entry.Host : null;
    }

    /// <summary>Records a translation of <paramref name="linear"/> to the host page <paramref name="host"/> (guest-physical <paramref name="phys"/>).</summary>
    private void SecondLevelFill(TlbEntry[] tlb, ulong linear, bool user, byte* host, ulong phys)
    {
        ref var entry = ref tlb[(int)(linear >> 12) & (SecondLevelTlbSize - 1)];
        entry.Tag = ((linear >> 12) << 1) | (user ? 1UL : 0);
        entry.Host = (nint)host;
        entry.Phys = phys & ~0xFFFUL;
        entry.Generation = _tlbGeneration;
    }
}
