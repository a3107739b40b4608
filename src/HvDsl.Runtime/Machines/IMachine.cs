using System;

namespace HvDsl.Runtime.Machines;

/// <summary>
/// A board the runtime and <c>hvdsl run --machine</c> can start: every class a <c>machine</c> spec generates implements it,
/// with a public constructor taking <see cref="MachineOptions"/>. The host loads a guest into <see cref="Vm"/>
/// (<c>Vm.Memory.Load</c>, <c>GuestBoot.Start</c>) and runs it with <c>Vm.Run</c>.
/// </summary>
public interface IMachine : IDisposable
{
    /// <summary>
    /// Most vCPUs the board takes (<see cref="MachineOptions.Cpus"/>), known before one is built, so a host can check a count or a
    /// snapshot's first. Default 1: a board whose hand-written <c>Connect</c> adds no vCPUs has only the boot processor.
    /// </summary>
    static virtual int MaxCpus => 1;

    /// <summary>
    /// Most RAM the board takes (<see cref="MachineOptions.MemoryBytes"/>), known before one is built, so a host can refuse a size
    /// with a message rather than a board whose RAM would cover its devices. Default: all the address space the runtime maps.
    /// </summary>
    static virtual ulong MaxMemoryBytes => Memory.PhysicalMemory.MaxAddress;

    /// <summary>The virtual machine: memory, buses, interrupt lines, vCPUs.</summary>
    Vm Vm { get; }

    /// <summary>The process exit status the guest asked for through a device of the board, or null if it has not (or cannot).</summary>
    int? ExitStatus => null;

    /// <summary>Whether the guest asked the board for a reset, which ends a run as a reboot.</summary>
    bool RebootRequested => false;

    /// <summary>Whether the guest switched the board off (ACPI S5), which ends a run as a power-off.</summary>
    bool PowerOffRequested => false;

    /// <summary>
    /// Starts the host services the board lets its guest reach and connects the guest to them; dispose the result after the run.
    /// Null when the board has none.
    /// </summary>
    /// <param name="log">Receives one line per listener and per guest connection; nothing when null.</param>
    IDisposable? StartServices(Action<string>? log) => null;
}
