namespace HvDsl.Runtime.Exits;

/// <summary>Direction of an I/O or memory access as the device sees it.</summary>
public enum AccessDirection : byte
{
    /// <summary>The guest reads (IN, a load).</summary>
    Read,
    /// <summary>The guest writes (OUT, a store).</summary>
    Write,
}
