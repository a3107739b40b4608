using System;

namespace HvDsl.Runtime.Snapshots;

/// <summary>A snapshot cannot be restored: it is truncated, corrupt, of another format version or of another machine.</summary>
/// <remarks>When this is thrown by <see cref="Vm.Restore(VmSnapshot)"/>, the VM is unchanged.</remarks>
public sealed class SnapshotException : Exception
{
    /// <summary>Creates the exception with a message saying what is wrong and where.</summary>
    public SnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public SnapshotException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
