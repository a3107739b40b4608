using System.Collections.Generic;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// The PVH start-of-day structure, <c>hvm_start_info</c> version 1, handed over in EBX: magic, the module list, the
/// command line and the memory map, with the tables and strings it points at in the same block. An absent item's
/// address is 0.
/// </summary>
internal static class HvmStartInfo
{
    /// <summary>XEN_HVM_START_MAGIC_VALUE.</summary>
    public const uint Magic = 0x336EC578;

    public const uint Version = 1;

    private const int InfoBytes = 56, ModuleEntryBytes = 32, MapEntryBytes = 24;

    /// <summary>Plans the structure for <paramref name="boot"/> and the placed modules; returns its address.</summary>
    public static ulong Place(BootLayout layout, KernelBoot boot, IReadOnlyList<(ulong Address, BootModule Module)> modules)
    {
        var map = layout.Map;
        var block = new BootBlock();
        var info = block.Reserve(InfoBytes, 8);
        var modulesAt = block.Reserve(ModuleEntryBytes * modules.Count, 8);
        var mapAt = block.Reserve(MapEntryBytes * map.Count, 8);
        var commandLineAt = boot.CommandLine.Length > 0 ? block.AddString(boot.CommandLine) : -1;
        var moduleStrings = new int[modules.Count];
        for (var i = 0; i < modules.Count; i++)
            moduleStrings[i] = block.AddString(modules[i].Module.CommandLine);

        var address = layout.AllocateBootData((ulong)block.Length, 8, boot.Kernel, "the PVH start info");
        ulong Pointer(int offset) => offset < 0 ? 0 : address + (ulong)offset;
        block.U32(info, Magic);
        block.U32(info + 4, Version);
        block.U32(info + 12, (uint)modules.Count);
        block.U64(info + 16, modules.Count > 0 ? Pointer(modulesAt) : 0);
        block.U64(info + 24, Pointer(commandLineAt));
        block.U64(info + 40, Pointer(mapAt));
        block.U32(info + 48, (uint)map.Count);
        for (var i = 0; i < modules.Count; i++)
        {
            var entry = modulesAt + i * ModuleEntryBytes;
            block.U64(entry, modules[i].Address);
            block.U64(entry + 8, (ulong)modules[i].Module.File.Bytes.Length);
            block.U64(entry + 16, Pointer(moduleStrings[i]));
        }
        for (var i = 0; i < map.Count; i++)
        {
            var entry = mapAt + i * MapEntryBytes;
            block.U64(entry, map[i].Start);
            block.U64(entry + 8, map[i].Size);
            block.U32(entry + 16, (uint)map[i].Type);
        }
        block.WriteTo(layout, address);
        return address + (ulong)info;
    }
}
