namespace HvDsl.Runtime.Debugging;

/// <summary>A watched range of linear addresses, <paramref name="Length"/> bytes from <paramref name="Address"/>.</summary>
public readonly record struct Watchpoint(ulong Address, ulong Length, WatchKind Kind)
{
    /// <summary>Whether an access of <paramref name="kind"/> to <paramref name="size"/> bytes at <paramref name="address"/> touches this range.</summary>
    public bool Matches(ulong address, int size, WatchKind kind) =>
        (Kind == WatchKind.Access || Kind == kind) && address < Address + Length && Address < address + (ulong)size;
}
