namespace HvDsl.Runtime.Memory;

/// <summary>What lies behind a region of guest-physical space.</summary>
public enum MemoryRegionKind : byte
{
    /// <summary>Read-write memory.</summary>
    Ram,
    /// <summary>Read-only memory; guest writes are dropped.</summary>
    Rom,
    /// <summary>A hole whose accesses become <see cref="Exits.ExitReason.Mmio"/> exits.</summary>
    MmioHole,
}

/// <summary>One region of guest-physical space.</summary>
/// <param name="Start">First guest-physical address.</param>
/// <param name="Size">Size in bytes (a multiple of 4 KiB).</param>
/// <param name="Kind">RAM, ROM or MMIO hole.</param>
public readonly record struct MemoryRegion(ulong Start, ulong Size, MemoryRegionKind Kind);
