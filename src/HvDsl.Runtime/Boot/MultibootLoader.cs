using Iced.Intel;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// Multiboot v1: the image loads where its header's address fields say (flags bit 16) or as its ELF segments say, its
/// modules go page-aligned above it, and it starts in flat 32-bit protected mode with paging and interrupts off,
/// EAX = 0x2BADB002 and EBX = the information block.
/// </summary>
/// <remarks>The kernel's command line is its file name followed by the arguments, as GRUB and QEMU pass it.</remarks>
internal static class MultibootLoader
{
    public static LoadedKernel Load(Vm vm, KernelBoot boot)
    {
        var header = MultibootHeader.Read(boot.Kernel);
        var layout = new BootLayout(vm.Memory);
        ulong entry, end;
        if (header.HasAddressFields)
        {
            end = header.PlaceByAddressFields(layout);
            entry = header.EntryAddress;
        }
        else
        {
            if (!ElfImage.HasMagic(boot.Kernel.Bytes))
                throw KernelImageException.At(boot.Kernel, (ulong)header.Offset + 4, "multiboot flags bit 16 is clear, so the image must be ELF, and it does not start with 0x7F 'ELF'");
            var elf = ElfImage.Read(boot.Kernel);
            end = elf.Place(layout);
            entry = elf.PhysicalEntry();
            if (entry > uint.MaxValue)
                throw KernelImageException.At(boot.Kernel, 0x18, $"entry point 0x{entry:X} is beyond 4 GiB, which 32-bit protected mode cannot reach");
        }
        var modules = BootModules.Place(layout, boot, end);
        var commandLine = boot.CommandLine.Length == 0 ? boot.Kernel.Name : $"{boot.Kernel.Name} {boot.CommandLine}";
        var info = MultibootInfo.Place(layout, boot, commandLine, modules);
        var gdt = ProtocolEntry.PlaceGdt(layout, boot.Kernel, long64: false);
        layout.Apply();
        ProtocolEntry.Protected32(vm.Cpu, gdt, entry);
        vm.Cpu.SetRegister(Register.EAX, MultibootHeader.LoaderMagic);
        vm.Cpu.SetRegister(Register.EBX, info);
        return new LoadedKernel(KernelFormat.Multiboot, entry, info, layout.Map);
    }
}
