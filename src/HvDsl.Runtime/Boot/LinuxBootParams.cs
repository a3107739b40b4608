using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// The <c>boot_params</c> zero page of the Linux boot protocol (Documentation/arch/x86/zero-page.rst): zeroed, the
/// kernel's setup header copied in, then the fields a boot loader must write.
/// </summary>
internal static class LinuxBootParams
{
    public const int Bytes = 4096;

    private const int ExtRamdiskImage = 0x0C0, ExtRamdiskSize = 0x0C4, ExtCommandLine = 0x0C8, AltMemK = 0x1E0;
    private const int E820Entries = 0x1E8, VideoMode = 0x1FA, TypeOfLoader = 0x210, LoadFlags = 0x211, Code32Start = 0x214;
    private const int RamdiskImage = 0x218, RamdiskSize = 0x21C, CommandLinePointer = 0x228, E820Table = 0x2D0;
    private const int E820MaxEntries = 128, E820EntryBytes = 20;

    /// <summary>"Special (0xFF = undefined)": a boot loader without an assigned id.</summary>
    private const byte UndefinedLoader = 0xFF;

    /// <summary>vid_mode "normal".</summary>
    private const ushort NormalVideo = 0xFFFF;

    /// <summary>
    /// Fills the zero page at <paramref name="offset"/> of <paramref name="block"/> for <paramref name="header"/>, the
    /// command line at <paramref name="commandLine"/> and the initrd (address and size, 0 for none).
    /// </summary>
    public static void Fill(BootBlock block, int offset, LinuxSetupHeader header, IReadOnlyList<MemoryMapEntry> map,
        ulong commandLine, ulong initrd, ulong initrdSize)
    {
        if (map.Count > E820MaxEntries)
            throw KernelImageException.Of(header.File, $"the memory map has {map.Count} ranges; boot_params holds {E820MaxEntries}");
        var page = block.At(offset)[..Bytes];
        header.File.Bytes.AsSpan(LinuxSetupHeader.Start, header.End - LinuxSetupHeader.Start).CopyTo(page[LinuxSetupHeader.Start..]);
        block.U16(offset + VideoMode, NormalVideo);
        block.U8(offset + TypeOfLoader, UndefinedLoader);
        // Only LOADED_HIGH stays: no quiet request, and no heap, since the real-mode setup never runs.
        block.U8(offset + LoadFlags, LinuxSetupHeader.LoadedHigh);
        block.U32(offset + Code32Start, (uint)LinuxSetupHeader.LoadAddress);
        block.U32(offset + RamdiskImage, (uint)initrd);
        block.U32(offset + RamdiskSize, (uint)initrdSize);
        block.U32(offset + ExtRamdiskImage, (uint)(initrd >> 32));
        block.U32(offset + ExtRamdiskSize, (uint)(initrdSize >> 32));
        block.U32(offset + CommandLinePointer, (uint)commandLine);
        block.U32(offset + ExtCommandLine, (uint)(commandLine >> 32));
        block.U32(offset + AltMemK, MemoryMap.UpperKibibytes(map));
        block.U8(offset + E820Entries, (byte)map.Count);
        for (var i = 0; i < map.Count; i++)
        {
            var entry = offset + E820Table + i * E820EntryBytes;
            block.U64(entry, map[i].Start);
            block.U64(entry + 8, map[i].Size);
            block.U32(entry + 16, (uint)map[i].Type);
        }
    }
}
