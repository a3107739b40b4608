using System;
using System.IO;
using System.Net;

namespace HvDsl.Cli.Running;

/// <summary>What one <c>hvdsl run</c> does, after the command line has been checked.</summary>
/// <param name="Guest">The flat image or kernel to boot.</param>
/// <param name="MemoryBytes">RAM from guest-physical 0.</param>
/// <param name="MaxInstructions">The instruction budget.</param>
/// <param name="Trace">Whether each exit is printed as it happens.</param>
/// <param name="Input">What COM1 receives, or null for nothing.</param>
/// <param name="Save">Where and when to save a snapshot and stop, or null to run to the end.</param>
/// <param name="Migrate">Where and when to send the machine and stop, or null.</param>
/// <param name="Serial">Where COM1's output goes (default standard output).</param>
/// <param name="Debugcon">Where port 0xE9's and the console hypercall's output goes (default standard output).</param>
/// <param name="Progress">Whether the progress line is shown on stderr.</param>
/// <param name="Cpus">How many vCPUs the machine has.</param>
/// <param name="Machine">The board to start; null for the reference PC.</param>
/// <param name="Gdb">Where a gdb stub listens, or null for none.</param>
/// <param name="Com2">The host TCP service COM2 connects to while the guest holds DTR, or null.</param>
/// <param name="RtcStart">The UTC time the RTC shows at boot.</param>
/// <param name="Translate">Whether hot guest code is translated (the default; <c>--no-translate</c> clears it).</param>
internal sealed record RunSettings(
    IGuestImage Guest, ulong MemoryBytes, ulong MaxInstructions, bool Trace,
    Stream? Input = null, SavePoint? Save = null, MigrationPoint? Migrate = null, ConsoleRoute? Serial = null, ConsoleRoute? Debugcon = null, bool Progress = false, int Cpus = 1,
    GuestMachine? Machine = null, Gdb.GdbSettings? Gdb = null, DnsEndPoint? Com2 = null, DateTime? RtcStart = null, bool Translate = true);

/// <summary>Where <c>--snapshot</c> goes and the instruction <c>--save-at</c> names.</summary>
/// <param name="Path">The snapshot file.</param>
/// <param name="AtInstruction">The guest instruction count at which the run stops and saves.</param>
internal sealed record SavePoint(string Path, ulong AtInstruction);

/// <summary>Where <c>--migrate-to</c> sends the machine and the instruction <c>--at</c> names.</summary>
/// <param name="Host">The receiving <c>hvdsl migrate</c>'s host.</param>
/// <param name="Port">Its TCP port.</param>
/// <param name="AtInstruction">The guest instruction count at which the run stops and sends.</param>
/// <param name="Key">The key both sides prove before the machine crosses.</param>
internal sealed record MigrationPoint(string Host, int Port, ulong AtInstruction, Migration.MigrationKey Key);
