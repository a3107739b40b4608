using System.Collections.Generic;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// The multiboot v1 information block a loader hands over in EBX: memory sizes, the command line, modules, the memory
/// map and the loader's name, each flagged present, with the strings and tables it points at in the same block.
/// </summary>
internal static class MultibootInfo
{
    /// <summary>The loader's name the block carries.</summary>
    public const string LoaderName = "hvdsl";

    private const uint MemoryFlag = 1 << 0, CommandLineFlag = 1 << 2, ModulesFlag = 1 << 3, MemoryMapFlag = 1 << 6, LoaderNameFlag = 1 << 9;

    /// <summary>The block's fixed part, through the framebuffer fields of the last revision of the specification.</summary>
    private const int InfoBytes = 116;
    private const int MapEntryBytes = 24, ModuleEntryBytes = 16;

    /// <summary>Plans the block for <paramref name="boot"/> with <paramref name="commandLine"/> and the placed modules; returns its address.</summary>
    public static ulong Place(BootLayout layout, KernelBoot boot, string commandLine, IReadOnlyList<(ulong Address, BootModule Module)> modules)
    {
        var map = layout.Map;
        var block = new BootBlock();
        var info = block.Reserve(InfoBytes, 8);
        var mapAt = block.Reserve(MapEntryBytes * map.Count, 8);
        var modulesAt = block.Reserve(ModuleEntryBytes * modules.Count, 8);
        var commandLineAt = block.AddString(commandLine);
        var loaderNameAt = block.AddString(LoaderName);
        var moduleStrings = new int[modules.Count];
        for (var i = 0; i < modules.Count; i++)
            moduleStrings[i] = block.AddString(modules[i].Module.CommandLine);

        var address = layout.AllocateBootData((ulong)block.Length, 8, boot.Kernel, "the multiboot information");
        uint Pointer(int offset) => (uint)(address + (ulong)offset);
        block.U32(info, MemoryFlag | CommandLineFlag | ModulesFlag | MemoryMapFlag | LoaderNameFlag);
        block.U32(info + 4, MemoryMap.LowerKibibytes(map));
        block.U32(info + 8, MemoryMap.UpperKibibytes(map));
        block.U32(info + 16, Pointer(commandLineAt));
        block.U32(info + 20, (uint)modules.Count);
        block.U32(info + 24, Pointer(modulesAt));
        block.U32(info + 44, (uint)(MapEntryBytes * map.Count));
        block.U32(info + 48, Pointer(mapAt));
        block.U32(info + 64, Pointer(loaderNameAt));
        for (var i = 0; i < map.Count; i++)
        {
            // Each entry starts with the size of the rest (20), which mmap_addr points at.
            var entry = mapAt + i * MapEntryBytes;
            block.U32(entry, MapEntryBytes - 4);
            block.U64(entry + 4, map[i].Start);
            block.U64(entry + 12, map[i].Size);
            block.U32(entry + 20, (uint)map[i].Type);
        }
        for (var i = 0; i < modules.Count; i++)
        {
            var entry = modulesAt + i * ModuleEntryBytes;
            var (start, module) = modules[i];
            block.U32(entry, (uint)start);
            block.U32(entry + 4, (uint)(start + (ulong)module.File.Bytes.Length));
            block.U32(entry + 8, Pointer(moduleStrings[i]));
        }
        block.WriteTo(layout, address);
        return address + (ulong)info;
    }
}
