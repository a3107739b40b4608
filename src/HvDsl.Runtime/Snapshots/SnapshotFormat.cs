namespace HvDsl.Runtime.Snapshots;

/// <summary>
/// The snapshot file layout: <see cref="Magic"/>, a little-endian u16 <see cref="Version"/>, then sections (u32 tag,
/// u64 length, payload) in <see cref="SnapshotSection"/> order, then the SHA-256 of every byte before it.
/// </summary>
internal static class SnapshotFormat
{
    /// <summary>The first eight bytes of every snapshot.</summary>
    public static readonly byte[] Magic = "HVDSNAP\n"u8.ToArray();

    /// <summary>The format version this runtime writes and reads.</summary>
    public const ushort Version = 7;

    /// <summary>Bytes of the magic and version.</summary>
    public const int HeaderSize = 10;

    /// <summary>Bytes of the trailing SHA-256.</summary>
    public const int ChecksumSize = 32;

    /// <summary>Bytes of a section's tag and length.</summary>
    public const int SectionHeaderSize = 12;
}

/// <summary>Section tags, in the order sections appear.</summary>
internal enum SnapshotSection : uint
{
    /// <summary>The machine identity the snapshot was taken on.</summary>
    Identity = 0x544E4449,
    /// <summary>Every vCPU's registers and run state.</summary>
    Cpus = 0x20555043,
    /// <summary>The virtual clock, the event hold and the interrupt-line levels.</summary>
    Clock = 0x4B434C43,
    /// <summary>RAM and ROM pages.</summary>
    Memory = 0x204D454D,
    /// <summary>Each device's state, by its placement.</summary>
    Devices = 0x53564544,
}
