using System;
using System.IO;
using HvDsl.Runtime.Serial;

namespace HvDsl.Runtime.Machines;

/// <summary>How a host builds and connects an <see cref="IMachine"/>: its RAM, vCPUs and the streams of its consoles.</summary>
public sealed record MachineOptions
{
    /// <summary>RAM from guest-physical 0, in bytes; null for what the machine's spec declares.</summary>
    public ulong? MemoryBytes { get; init; }

    /// <summary>vCPUs, 1 to the board's <see cref="IMachine.MaxCpus"/>; a board that has only one ignores more. Default 1.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>Where the board's serial port writes (COM1 on a PC). Null drops it.</summary>
    public Stream? Serial { get; init; }

    /// <summary>Where the board's debug console writes (port 0xE9 and the console hypercall on a PC). Null drops it.</summary>
    public Stream? Console { get; init; }

    /// <summary>Bytes the board's serial port receives. Null: none.</summary>
    public Stream? Input { get; init; }

    /// <summary>The far end of the board's second serial port (COM2 on a PC); a board without one ignores it. The host disposes it.</summary>
    public ISerialLine? Serial2 { get; init; }

    /// <summary>The date and time (UTC) the board's real-time clock shows at start; null for the board's own default.</summary>
    public DateTime? ClockStart { get; init; }
}
