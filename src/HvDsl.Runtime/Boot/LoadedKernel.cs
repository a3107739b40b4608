using System.Collections.Generic;

namespace HvDsl.Runtime.Boot;

/// <summary>Where a loader left the machine.</summary>
/// <param name="Format">The protocol it booted by.</param>
/// <param name="Entry">The guest-physical address of the first instruction.</param>
/// <param name="BootInformation">The guest-physical address of the structure the kernel receives (multiboot info, <c>hvm_start_info</c>, <c>boot_params</c>); 0 for a plain ELF.</param>
/// <param name="MemoryMap">The memory map the kernel was given (a plain ELF gets none, but the map is the same).</param>
public sealed record LoadedKernel(KernelFormat Format, ulong Entry, ulong BootInformation, IReadOnlyList<MemoryMapEntry> MemoryMap);
