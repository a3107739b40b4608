using Iced.Intel;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// PVH (Xen's direct boot ABI, which QEMU and Firecracker also speak): an ELF whose Xen PHYS32_ENTRY note names a
/// 32-bit entry; segments at their physical addresses, modules page-aligned above them (the initrd first), then flat
/// 32-bit protected mode with paging and interrupts off, CR4 clear, TR a 32-bit TSS at 0 of limit 0x67, and EBX = the
/// <c>hvm_start_info</c>.
/// </summary>
internal static class PvhLoader
{
    public static LoadedKernel Load(Vm vm, KernelBoot boot)
    {
        var elf = ElfImage.Read(boot.Kernel);
        var entry = elf.XenEntry()
            ?? throw KernelImageException.Of(boot.Kernel, $"no Xen PHYS32_ENTRY note (type {ElfImage.XenPhys32EntryNote}) in any PT_NOTE segment: not a PVH kernel");
        if (!elf.HoldsPhysical(entry))
            throw KernelImageException.Of(boot.Kernel, $"the Xen PHYS32_ENTRY 0x{entry:X} lies in no loadable segment");
        var layout = new BootLayout(vm.Memory);
        var end = elf.Place(layout);
        var modules = BootModules.Place(layout, boot, end);
        var info = HvmStartInfo.Place(layout, boot, modules);
        var gdt = ProtocolEntry.PlaceGdt(layout, boot.Kernel, long64: false);
        layout.Apply();
        ProtocolEntry.Protected32(vm.Cpu, gdt, entry);
        vm.Cpu.SetRegister(Register.EBX, info);
        return new LoadedKernel(KernelFormat.Pvh, entry, info, layout.Map);
    }
}
