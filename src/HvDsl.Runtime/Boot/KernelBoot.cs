using System.Collections.Generic;

namespace HvDsl.Runtime.Boot;

/// <summary>What <see cref="KernelLoader.Load"/> boots: a kernel, and what its boot protocol hands it.</summary>
/// <param name="Kernel">The kernel image.</param>
public sealed record KernelBoot(BootFile Kernel)
{
    /// <summary>The protocol to use; null detects it from the kernel (<see cref="KernelLoader.Detect"/>).</summary>
    public KernelFormat? Format { get; init; }

    /// <summary>The kernel command line; empty for none.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>The initial ramdisk: Linux's <c>ramdisk_image</c>, or the first module for multiboot and PVH.</summary>
    public BootFile? Initrd { get; init; }

    /// <summary>Multiboot or PVH modules, in order (after <see cref="Initrd"/>).</summary>
    public IReadOnlyList<BootModule> Modules { get; init; } = [];
}
