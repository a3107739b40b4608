using HvDsl.Runtime;

namespace HvDsl.Cli.Running;

/// <summary>What one <c>hvdsl run</c> does, after the command line has been checked.</summary>
/// <param name="Image">The flat image.</param>
/// <param name="Mode">The mode the vCPU starts in.</param>
/// <param name="LoadAddress">Where the image goes in guest-physical memory.</param>
/// <param name="Entry">The first instruction's address.</param>
/// <param name="MemoryBytes">RAM from guest-physical 0.</param>
/// <param name="MaxInstructions">The instruction budget.</param>
/// <param name="Trace">Whether each exit is printed as it happens.</param>
internal sealed record RunSettings(byte[] Image, BootMode Mode, ulong LoadAddress, ulong Entry, ulong MemoryBytes, ulong MaxInstructions, bool Trace);
