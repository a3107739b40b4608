using System;
using System.IO;
using HvDsl.Runtime.Serial;

namespace HvDsl.Machines.Pc;

/// <summary>How the host connects a <see cref="PcMachine"/>: console, input, clock and memory.</summary>
public sealed record PcMachineOptions
{
    /// <summary>Where the guest's console text goes: port 0xE9, COM1's transmitter and the console hypercall. Null drops it.</summary>
    public Stream? Console { get; init; }

    /// <summary>
    /// Bytes COM1 receives, read on a background thread and delivered as the VM clock runs (every
    /// <see cref="PcMachine.SerialPollNanoseconds"/>), raising the receive interrupt and waking a halted guest. Null: none.
    /// </summary>
    public Stream? Input { get; init; }

    /// <summary>
    /// True to run on host wall-clock time (not reproducible); false (the default) for the deterministic virtual clock,
    /// on which the wall-clock hypercall reads the RTC's time.
    /// </summary>
    public bool WallClock { get; init; }

    /// <summary>
    /// The date and time (UTC, as a PC's RTC keeps it for Linux) the RTC shows at start; default <see cref="CmosRtc.DefaultStart"/>,
    /// so runs are reproducible, or the host's UTC time with <see cref="WallClock"/>.
    /// </summary>
    public DateTime? RtcStart { get; init; }

    /// <summary>The far end of COM2's line, opened while the guest holds DTR; null leaves COM2 unconnected. The caller disposes it.</summary>
    public ISerialLine? Com2 { get; init; }

    /// <summary>vCPUs, 1 to <see cref="PcMachine.MaxCpus"/>; the others wait for INIT and SIPI from the boot processor. Default 1.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>RAM from guest-physical 0, in bytes; default the spec's <see cref="PcMachine.DefaultMemoryBytes"/>.</summary>
    public ulong MemoryBytes { get; init; } = PcMachine.DefaultMemoryBytes;
}
