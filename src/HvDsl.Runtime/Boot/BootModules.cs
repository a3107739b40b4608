using System.Collections.Generic;

namespace HvDsl.Runtime.Boot;

/// <summary>Where multiboot and PVH put modules: page-aligned, one after another above the kernel, below 4 GiB.</summary>
internal static class BootModules
{
    /// <summary>The modules of <paramref name="boot"/> (its initrd first) placed above <paramref name="kernelEnd"/>, with their addresses.</summary>
    public static List<(ulong Address, BootModule Module)> Place(BootLayout layout, KernelBoot boot, ulong kernelEnd)
    {
        var modules = new List<BootModule>();
        if (boot.Initrd is { } initrd) modules.Add(new BootModule(initrd, initrd.Name));
        modules.AddRange(boot.Modules);
        var placed = new List<(ulong, BootModule)>(modules.Count);
        foreach (var module in modules)
        {
            var file = module.File;
            var size = (ulong)file.Bytes.Length;
            var address = layout.Allocate(size, 0x1000, kernelEnd, BootLayout.FourGibibytes, $"module {file.Name}")
                ?? throw KernelImageException.Of(file, $"module of {size} bytes does not fit in free RAM between the kernel's end 0x{kernelEnd:X} and 4 GiB; raise --memory");
            layout.Write(address, file.Bytes);
            placed.Add((address, module));
        }
        return placed;
    }
}
