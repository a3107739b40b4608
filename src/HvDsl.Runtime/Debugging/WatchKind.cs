namespace HvDsl.Runtime.Debugging;

/// <summary>Which guest accesses a watchpoint reports.</summary>
public enum WatchKind
{
    /// <summary>Stores only.</summary>
    Write,
    /// <summary>Loads only.</summary>
    Read,
    /// <summary>Loads and stores.</summary>
    Access,
}
