namespace HvDsl.Runtime.Snapshots;

/// <summary>A run snapshot file as <see cref="RunSnapshotFile.Read"/> found it: what its header says, and the checked VM snapshot after it.</summary>
/// <param name="MemoryBytes">The RAM the machine must be built with.</param>
/// <param name="Snapshot">The VM snapshot, checksummed, not yet restored.</param>
public sealed record RunSnapshot(ulong MemoryBytes, VmSnapshot Snapshot)
{
    /// <summary>The machine the snapshot was made on; null in a version 1 file, which does not say.</summary>
    public SnapshotMachine? Machine { get; init; }

    /// <summary>Bytes of the header before the VM snapshot, from which the runtime's offsets count.</summary>
    public int HeaderSize { get; init; }

    /// <summary>
    /// Null if the snapshot may be restored on <paramref name="here"/>: it was made on a machine of the same type (or does not say);
    /// else one line naming both machines.
    /// </summary>
    /// <param name="what">How the line names the snapshot, e.g. <c>snapshot FILE</c>.</param>
    /// <param name="here">The machine about to restore it.</param>
    public string? MachineProblem(string what, SnapshotMachine here) =>
        Machine is { } made && made.Name != here.Name
            ? $"{what} was made on machine {Printable.Escape(made.ToString())}, not on {here}"
            : null;
}
