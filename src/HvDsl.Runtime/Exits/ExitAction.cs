namespace HvDsl.Runtime.Exits;

/// <summary>What a trap handler wants done after an exit.</summary>
public enum ExitActionKind : byte
{
    /// <summary>The handler performed the instruction; the runtime advances RIP past it.</summary>
    Resume,
    /// <summary>The vCPU performs the instruction's architectural effect itself, then advances.</summary>
    Emulate,
    /// <summary>Deliver an exception to the guest at the faulting instruction.</summary>
    InjectException,
    /// <summary>Leave the run loop; RIP stays at the instruction.</summary>
    Stop,
}

/// <summary>A trap handler's answer to an exit.</summary>
public readonly struct ExitAction
{
    private ExitAction(ExitActionKind kind, byte vector, uint? errorCode, string? reason)
    {
        Kind = kind;
        Vector = vector;
        ErrorCode = errorCode;
        Reason = reason;
    }

    /// <summary>The kind of action.</summary>
    public ExitActionKind Kind { get; }

    /// <summary>Exception vector for <see cref="ExitActionKind.InjectException"/>.</summary>
    public byte Vector { get; }

    /// <summary>Error code pushed with the exception, if any.</summary>
    public uint? ErrorCode { get; }

    /// <summary>Why the handler stopped.</summary>
    public string? Reason { get; }

    /// <summary>The handler did the work: skip the instruction.</summary>
    public static ExitAction Resume => default;

    /// <summary>Let the vCPU execute the instruction as hardware would.</summary>
    public static ExitAction Emulate => new(ExitActionKind.Emulate, 0, null, null);

    /// <summary>Raise exception <paramref name="vector"/> in the guest (e.g. 13 with error code 0 for #GP(0)).</summary>
    public static ExitAction InjectException(byte vector, uint? errorCode = null) =>
        new(ExitActionKind.InjectException, vector, errorCode, null);

    /// <summary>Stop the VM with a reason.</summary>
    public static ExitAction Stop(string reason) => new(ExitActionKind.Stop, 0, null, reason);
}
