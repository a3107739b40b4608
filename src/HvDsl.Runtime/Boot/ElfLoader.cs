namespace HvDsl.Runtime.Boot;

/// <summary>
/// A plain ELF executable: PT_LOAD segments at their physical addresses with bss zeroed, then the entry point in flat
/// 32-bit protected mode (ELF32) or in 64-bit mode with RAM identity-mapped (ELF64), as <see cref="GuestBoot.Start"/> sets them up.
/// </summary>
internal static class ElfLoader
{
    public static LoadedKernel Load(Vm vm, KernelBoot boot)
    {
        var elf = ElfImage.Read(boot.Kernel);
        if (boot.CommandLine.Length > 0 || boot.Initrd is not null || boot.Modules.Count > 0)
            throw KernelImageException.Of(boot.Kernel, "a plain ELF kernel has no boot protocol to receive a command line, initrd or modules; give it a multiboot header or a PVH note, or drop them");
        var layout = new BootLayout(vm.Memory);
        var bootArea = GuestBoot.BootAreaAddress(vm);
        if (layout.Claim(bootArea, GuestBoot.RamTop(vm) - bootArea, "the boot area (GDT, TSS, page tables)") is { } problem)
            throw KernelImageException.Of(boot.Kernel, $"the boot area at the top of RAM (0x{bootArea:X}) {problem}");
        elf.Place(layout);
        var entry = elf.PhysicalEntry();
        layout.Apply();
        GuestBoot.Start(vm, elf.Is64 ? BootMode.Long : BootMode.Protected, entry);
        return new LoadedKernel(KernelFormat.Elf, entry, 0, layout.Map);
    }
}
