namespace HvDsl.Runtime.Boot;

/// <summary>
/// Boots a kernel the way its own boot protocol says: multiboot v1, PVH, the Linux boot protocol or plain ELF, each
/// detected from the file unless <see cref="KernelBoot.Format"/> names one.
/// </summary>
public static class KernelLoader
{
    /// <summary>
    /// The protocol <paramref name="kernel"/> asks for, looked for in this order (QEMU's): a multiboot header in the
    /// first 8 KiB, the bzImage "HdrS" signature at 0x202, an ELF with a Xen PHYS32_ENTRY note (PVH), any other ELF.
    /// </summary>
    /// <exception cref="KernelImageException">The file is none of these, or its ELF headers are malformed.</exception>
    public static KernelFormat Detect(BootFile kernel)
    {
        var bytes = kernel.Bytes;
        if (MultibootHeader.Find(bytes, out var badChecksum) >= 0) return KernelFormat.Multiboot;
        if (LinuxSetupHeader.HasSignature(bytes)) return KernelFormat.Linux;
        if (ElfImage.HasMagic(bytes)) return ElfImage.Read(kernel).XenEntry() is null ? KernelFormat.Elf : KernelFormat.Pvh;
        // A multiboot magic whose checksum fails is the likeliest intent of a file that is nothing else.
        if (badChecksum >= 0) return KernelFormat.Multiboot;
        throw KernelImageException.At(kernel, 0,
            "not a kernel: no multiboot header in the first 8 KiB, no Linux \"HdrS\" at 0x202 and no ELF magic (boot a flat binary with --image)");
    }

    /// <summary>
    /// Loads <paramref name="boot"/> into <paramref name="vm"/> and leaves its boot vCPU at the kernel's entry in the
    /// state the protocol defines.
    /// </summary>
    /// <exception cref="KernelImageException">A file is malformed, or the kernel, modules and boot structures do not fit in RAM; the VM is then unchanged.</exception>
    public static LoadedKernel Load(Vm vm, KernelBoot boot) => (boot.Format ?? Detect(boot.Kernel)) switch
    {
        KernelFormat.Multiboot => MultibootLoader.Load(vm, boot),
        KernelFormat.Pvh => PvhLoader.Load(vm, boot),
        KernelFormat.Linux => LinuxLoader.Load(vm, boot),
        _ => ElfLoader.Load(vm, boot),
    };
}
