namespace HvDsl.Runtime.Memory;

/// <summary>The RAM sizes a host builds a machine with, whether from its command line or a <see cref="Snapshots.RunSnapshotFile"/> header.</summary>
public static class GuestRamSize
{
    /// <summary>The smallest RAM a PC gets: room for the real-mode area below 1 MiB.</summary>
    public const ulong Minimum = 1 << 20;

    /// <summary>Whole 4 KiB pages from 1 MiB to the 64 GiB the runtime maps.</summary>
    public static bool IsValid(ulong bytes) => bytes >= Minimum && bytes <= PhysicalMemory.MaxAddress && bytes % PhysicalMemory.PageSize == 0;

    /// <summary>No more than this host can give the process (<see cref="PhysicalMemory.HostLimit"/>).</summary>
    public static bool FitsHost(ulong bytes) => bytes <= PhysicalMemory.HostLimit;
}
