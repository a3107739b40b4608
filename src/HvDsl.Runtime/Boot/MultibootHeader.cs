using System;
using System.Numerics;

using static HvDsl.Runtime.Boot.FileFields;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// A multiboot v1 header: magic 0x1BADB002, flags and a checksum that makes the three sum to zero, 4-byte aligned in the
/// first 8 KiB of the image; with flags bit 16, the a.out-kludge address fields that say where the image loads.
/// </summary>
/// <param name="File">The kernel the header is in.</param>
/// <param name="Offset">The header's file offset.</param>
/// <param name="Flags">The flags word: bits 0-15 are requirements, 16-31 optional features.</param>
/// <param name="HeaderAddress">header_addr: the physical address the header's magic loads at.</param>
/// <param name="LoadAddress">load_addr: where the file's loaded part starts.</param>
/// <param name="LoadEndAddress">load_end_addr: where it ends (0: the end of the file).</param>
/// <param name="BssEndAddress">bss_end_addr: the end of the zeroed bss (0: none).</param>
/// <param name="EntryAddress">entry_addr: the first instruction.</param>
internal sealed record MultibootHeader(
    BootFile File, int Offset, uint Flags, uint HeaderAddress, uint LoadAddress, uint LoadEndAddress, uint BssEndAddress, uint EntryAddress)
{
    public const uint Magic = 0x1BADB002;

    /// <summary>What the loader leaves in EAX.</summary>
    public const uint LoaderMagic = 0x2BADB002;

    /// <summary>The header lies wholly within this many bytes from the start of the image.</summary>
    public const int SearchBytes = 8192;

    private const uint PageAlignModules = 1, MemoryInformation = 2, VideoMode = 4, AddressFields = 1 << 16;
    private const int HeaderBytes = 12, AddressFieldsEnd = 32;

    /// <summary>Whether the a.out-kludge address fields say where the image loads (flags bit 16); else the image is ELF.</summary>
    public bool HasAddressFields => (Flags & AddressFields) != 0;

    /// <summary>The offset of the first header whose checksum holds, or -1; <paramref name="badChecksum"/> is the first magic whose checksum fails, or -1.</summary>
    public static int Find(byte[] image, out int badChecksum)
    {
        badChecksum = -1;
        var limit = Math.Min(image.Length, SearchBytes);
        for (var at = 0; at + HeaderBytes <= limit; at += 4)
        {
            if (U32(image, at) != Magic) continue;
            var flags = U32(image, at + 4);
            var checksum = U32(image, at + 8);
            if (unchecked(Magic + flags + checksum) == 0) return at;
            if (badChecksum < 0) badChecksum = at;
        }
        return -1;
    }

    /// <summary>Finds and checks the header of <paramref name="file"/>.</summary>
    /// <exception cref="KernelImageException">There is none, or it asks for what this loader cannot give.</exception>
    public static MultibootHeader Read(BootFile file)
    {
        var b = file.Bytes;
        var at = Find(b, out var badChecksum);
        if (at < 0 && badChecksum >= 0)
            throw KernelImageException.At(file, (ulong)badChecksum + 8, "multiboot header checksum does not make magic + flags + checksum zero");
        if (at < 0)
            throw KernelImageException.At(file, 0, $"no multiboot header (magic 0x{Magic:X8}, 4-byte aligned) in the first {SearchBytes} bytes");
        var flags = U32(b, at + 4);
        if ((flags & VideoMode) != 0)
            throw KernelImageException.At(file, (ulong)at + 4, "multiboot flags bit 2 asks for a video mode; hvdsl has no display to give one");
        var unknown = flags & 0xFFFF & ~(PageAlignModules | MemoryInformation | VideoMode);
        if (unknown != 0)
            throw KernelImageException.At(file, (ulong)at + 4, $"multiboot flags bit {BitOperations.TrailingZeroCount(unknown)} is a requirement this loader does not know");
        if ((flags & AddressFields) == 0) return new MultibootHeader(file, at, flags, 0, 0, 0, 0, 0);
        if (at + AddressFieldsEnd > Math.Min(b.Length, SearchBytes))
            throw KernelImageException.At(file, (ulong)at + HeaderBytes, $"the multiboot address fields (flags bit 16) run past {(b.Length < SearchBytes ? "the end of the file" : $"the first {SearchBytes} bytes")}");
        uint Field(int offset) => U32(b, at + offset);
        return new MultibootHeader(file, at, flags, Field(12), Field(16), Field(20), Field(24), Field(28));
    }

    /// <summary>Plans the image where the address fields say; returns the end of what it occupies.</summary>
    public ulong PlaceByAddressFields(BootLayout layout)
    {
        var b = File.Bytes;
        if (HeaderAddress < LoadAddress)
            throw At(16, $"load_addr 0x{LoadAddress:X} is above header_addr 0x{HeaderAddress:X}");
        if (HeaderAddress - LoadAddress > (uint)Offset)
            throw At(16, $"load_addr 0x{LoadAddress:X} would start {HeaderAddress - LoadAddress} bytes before the header, which is only {Offset} bytes into the file");
        var fileOffset = Offset - (int)(HeaderAddress - LoadAddress);
        ulong loadEnd = LoadEndAddress == 0 ? LoadAddress + (ulong)(b.Length - fileOffset) : LoadEndAddress;
        if (loadEnd < LoadAddress)
            throw At(20, $"load_end_addr 0x{LoadEndAddress:X} is below load_addr 0x{LoadAddress:X}");
        if (loadEnd - LoadAddress > (ulong)(b.Length - fileOffset))
            throw At(20, $"load_end_addr 0x{LoadEndAddress:X} asks for 0x{loadEnd - LoadAddress:X} bytes from file offset 0x{fileOffset:X}; the file has {b.Length} bytes");
        var end = BssEndAddress == 0 ? loadEnd : BssEndAddress;
        if (end < loadEnd)
            throw At(24, $"bss_end_addr 0x{BssEndAddress:X} is below the loaded end 0x{loadEnd:X}");
        if (EntryAddress < LoadAddress || EntryAddress >= end)
            throw At(28, $"entry_addr 0x{EntryAddress:X} lies outside the image at 0x{LoadAddress:X}-0x{end - 1:X}");
        if (layout.Claim(LoadAddress, end - LoadAddress, File.Name) is { } problem)
            throw At(16, $"the image (0x{end - LoadAddress:X} bytes at 0x{LoadAddress:X}) {problem}");
        layout.Write(LoadAddress, b, fileOffset, (int)(loadEnd - LoadAddress));
        layout.Zero(loadEnd, end - loadEnd);
        return end;
    }

    private KernelImageException At(int field, string what) => KernelImageException.At(File, (ulong)(Offset + field), what);
}
