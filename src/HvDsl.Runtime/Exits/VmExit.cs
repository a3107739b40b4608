using Iced.Intel;

namespace HvDsl.Runtime.Exits;

/// <summary>
/// One VM exit: the reason, the decoded instruction that caused it and its qualification.
/// While a handler runs, the guest RIP still points at <see cref="Instruction"/>; resuming
/// advances it exactly once.
/// </summary>
public readonly struct VmExit
{
    /// <summary>Creates an exit; the runtime makes these, tests and handlers may too.</summary>
    public VmExit(ExitReason reason, in Instruction instruction, ulong address = 0, int width = 0,
        AccessDirection direction = AccessDirection.Read, ulong value = 0, ExitFlags flags = ExitFlags.None,
        string? message = null)
    {
        Reason = reason;
        Instruction = instruction;
        Address = address;
        Width = width;
        Direction = direction;
        Value = value;
        Flags = flags;
        Message = message;
    }

    /// <summary>Why the vCPU exited.</summary>
    public ExitReason Reason { get; }

    /// <summary>The decoded instruction; default for exits not caused by one (shutdown, budget).</summary>
    public Instruction Instruction { get; }

    /// <summary>
    /// Port for <see cref="ExitReason.PortIo"/>, guest-physical address for MMIO and unmapped memory,
    /// linear address for INVLPG, MSR index for MSR exits, register number for control registers.
    /// </summary>
    public ulong Address { get; }

    /// <summary>Access width in bytes (1, 2, 4 or 8) for I/O and memory exits.</summary>
    public int Width { get; }

    /// <summary>Read or write.</summary>
    public AccessDirection Direction { get; }

    /// <summary>The value written (OUT, OUTS element, MMIO store, WRMSR, MOV to CRn).</summary>
    public ulong Value { get; }

    /// <summary>String and REP qualification.</summary>
    public ExitFlags Flags { get; }

    /// <summary>Human-readable detail for shutdown, stop and internal-error exits.</summary>
    public string? Message { get; }

    /// <summary>The I/O port (alias of <see cref="Address"/> for port I/O).</summary>
    public ushort Port => (ushort)Address;

    /// <summary>The MSR index (alias of <see cref="Address"/> for MSR exits).</summary>
    public uint Msr => (uint)Address;

    /// <summary>The control register number (alias of <see cref="Address"/>).</summary>
    public int ControlRegister => (int)Address;

    /// <summary>Whether this is INS or OUTS.</summary>
    public bool IsString => (Flags & ExitFlags.String) != 0;

    /// <summary>Whether the string instruction carries a REP prefix.</summary>
    public bool IsRep => (Flags & ExitFlags.Rep) != 0;

    /// <summary>
    /// A halt nothing armed can end (no timer, or interrupts disabled): the guest is dead. It carries no instruction, and
    /// <see cref="Vm.Run"/> returns it without a handler; running again only helps after the host raises an interrupt.
    /// </summary>
    public bool IsEndlessHalt => Reason == ExitReason.Halt && Instruction.Length == 0;

    /// <inheritdoc/>
    public override string ToString() =>
        Message is null ? $"{Reason} at {Instruction.IP:X} ({Instruction}) addr=0x{Address:X} width={Width} {Direction} value=0x{Value:X}"
                        : $"{Reason}: {Message}";
}
