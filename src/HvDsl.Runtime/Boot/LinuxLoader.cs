using System;
using System.Text;
using Iced.Intel;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// The Linux x86 boot protocol for a bzImage, its 32- or 64-bit entry (boot.rst, "32-bit Boot Protocol" and "64-bit
/// Boot Protocol"): the protected-mode code at 1 MiB, the initrd as high as initrd_addr_max allows, the zero page, the
/// command line and the GDT (__BOOT_CS 0x10, __BOOT_DS 0x18) below the ISA hole. The 64-bit entry (start + 0x200, when
/// xloadflags bit 0 offers it) runs with RAM identity-mapped and RSI = boot_params; the 32-bit entry with paging off,
/// ESI = boot_params and EBX = EBP = EDI = 0. Interrupts are off either way.
/// </summary>
internal static class LinuxLoader
{
    private const ulong Entry64Offset = 0x200;

    public static LoadedKernel Load(Vm vm, KernelBoot boot)
    {
        var header = LinuxSetupHeader.Read(boot.Kernel);
        if (boot.Modules.Count > 0)
            throw KernelImageException.Of(boot.Kernel, "the Linux boot protocol takes one initrd, not modules");
        var commandLine = Encoding.UTF8.GetBytes(boot.CommandLine);
        if ((ulong)commandLine.Length > header.CommandLineLimit)
            throw KernelImageException.Of(boot.Kernel, $"the command line is {commandLine.Length} bytes; this kernel takes at most {header.CommandLineLimit} (cmdline_size)");

        var layout = new BootLayout(vm.Memory);
        var kernel = boot.Kernel.Bytes;
        var codeBytes = (ulong)(kernel.Length - header.KernelOffset);
        var extentEnd = Math.Max(LinuxSetupHeader.LoadAddress + codeBytes, header.RuntimeStart + header.InitSize);
        if (layout.Claim(LinuxSetupHeader.LoadAddress, extentEnd - LinuxSetupHeader.LoadAddress, $"{boot.Kernel.Name}'s kernel") is { } problem)
            throw KernelImageException.At(boot.Kernel, header.InitSize > 0 ? 0x260UL : 0x1F4UL, $"the kernel's range of 0x{extentEnd - LinuxSetupHeader.LoadAddress:X} bytes at 0x{LinuxSetupHeader.LoadAddress:X} (its code, then init_size from 0x{header.RuntimeStart:X}) {problem}");
        layout.Write(LinuxSetupHeader.LoadAddress, kernel, header.KernelOffset, (int)codeBytes);

        ulong initrd = 0, initrdSize = 0;
        if (boot.Initrd is { } file)
        {
            initrdSize = (ulong)file.Bytes.Length;
            var ceiling = Math.Min((ulong)header.InitrdAddressMax + 1, BootLayout.FourGibibytes);
            initrd = layout.AllocateHigh(initrdSize, 0x1000, ceiling, $"initrd {file.Name}")
                ?? throw KernelImageException.Of(file, $"initrd of {initrdSize} bytes does not fit in free RAM below initrd_addr_max 0x{header.InitrdAddressMax:X}; raise --memory");
            layout.Write(initrd, file.Bytes);
        }

        var long64 = header.Has64BitEntry;
        var ramTop = GuestBoot.RamTop(vm);
        var block = new BootBlock();
        var tables = long64 ? block.Reserve((int)GuestBoot.LongTablesSize(ramTop), 0x1000) : 0;
        var zeroPage = block.Reserve(LinuxBootParams.Bytes, 0x1000);
        var commandLineAt = block.Add(commandLine, 16);
        block.Reserve(1, 1);
        var address = layout.AllocateBootData((ulong)block.Length, 0x1000, boot.Kernel, "the zero page, command line and page tables");
        LinuxBootParams.Fill(block, zeroPage, header, layout.Map, address + (ulong)commandLineAt, initrd, initrdSize);
        if (long64) GuestBoot.LongTables(address + (ulong)tables, ramTop).CopyTo(block.At(tables));
        block.WriteTo(layout, address);
        var gdt = ProtocolEntry.PlaceGdt(layout, boot.Kernel, long64);
        layout.Apply();

        var bootParams = address + (ulong)zeroPage;
        ulong entry;
        if (long64)
        {
            entry = LinuxSetupHeader.LoadAddress + Entry64Offset;
            ProtocolEntry.Long64(vm.Cpu, gdt, address + (ulong)tables, entry);
            vm.Cpu.SetRegister(Register.RSI, bootParams);
        }
        else
        {
            entry = LinuxSetupHeader.LoadAddress;
            ProtocolEntry.Protected32(vm.Cpu, gdt, entry);
            vm.Cpu.SetRegister(Register.ESI, bootParams);
        }
        return new LoadedKernel(KernelFormat.Linux, entry, bootParams, layout.Map);
    }
}
