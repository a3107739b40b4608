using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Boot;

/// <summary>Multiboot v1 kernels built in the test: an ELF32 like the kvm-unit-tests binaries, and an a.out-kludge flat image.</summary>
internal static class MultibootImages
{
    public const uint Magic = 0x1BADB002;
    public const ulong ElfBase = 0x400000;
    public const ulong FlatBase = 0x100000;
    public const int AddressFieldsBytes = 32;

    /// <summary>The 12-byte header (or 32 with the address fields) with a checksum that holds unless <paramref name="checksum"/> says otherwise.</summary>
    public static byte[] Header(uint flags, uint headerAddress = 0, uint loadAddress = 0, uint loadEnd = 0, uint bssEnd = 0, uint entry = 0, uint? checksum = null)
    {
        var header = new byte[(flags & 0x10000) != 0 ? AddressFieldsBytes : 12];
        uint[] fields = [Magic, flags, checksum ?? unchecked(0u - Magic - flags), headerAddress, loadAddress, loadEnd, bssEnd, entry];
        for (var i = 0; i < header.Length / 4; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(i * 4), fields[i]);
        return header;
    }

    /// <summary>
    /// An ELF32 at 4 MiB whose first segment starts with a flags-0 header and whose guest reports, on <see cref="DwordSink.Port"/>:
    /// EAX, EBX, flags, mem_lower, mem_upper, mods_count, the first module's first dword, its length, its string's first four
    /// bytes, the command line's first four bytes, mmap_length, and the first map entry's base, length and type.
    /// </summary>
    public static byte[] Elf()
    {
        var header = Header(0);
        var code = Guest.Assemble(32, ElfBase + (ulong)header.Length, a =>
        {
            a.mov(dx, DwordSink.Port);
            a.@out(dx, eax);
            a.mov(eax, ebx);
            a.@out(dx, eax);
            foreach (var field in (ReadOnlySpan<int>)[0, 4, 8, 20])
            {
                DwordSink.Report(a, __dword_ptr[ebx + field]);
            }
            a.mov(esi, __dword_ptr[ebx + 24]);
            a.mov(ecx, __dword_ptr[esi]);
            DwordSink.Report(a, __dword_ptr[ecx]);
            a.mov(eax, __dword_ptr[esi + 4]);
            a.sub(eax, ecx);
            a.@out(dx, eax);
            a.mov(ecx, __dword_ptr[esi + 8]);
            DwordSink.Report(a, __dword_ptr[ecx]);
            a.mov(ecx, __dword_ptr[ebx + 16]);
            DwordSink.Report(a, __dword_ptr[ecx]);
            DwordSink.Report(a, __dword_ptr[ebx + 44]);
            a.mov(ecx, __dword_ptr[ebx + 48]);
            foreach (var field in (ReadOnlySpan<int>)[4, 12, 20])
            {
                DwordSink.Report(a, __dword_ptr[ecx + field]);
            }
            a.hlt();
        });
        var segment = new byte[header.Length + code.Length];
        header.CopyTo(segment, 0);
        code.CopyTo(segment, header.Length);
        return new ElfBuilder(is64: false) { Entry = ElfBase + (ulong)header.Length }.Load(ElfBase, segment, memorySize: 0x3000).Build();
    }

    /// <summary>Where the flat image's bss ends: its bytes load at 1 MiB and the bss fills the rest up to here.</summary>
    public const uint FlatBssEnd = (uint)FlatBase + 0x1100;

    /// <summary>The flat image's header: loaded whole at 1 MiB, bss to <see cref="FlatBssEnd"/>, entry after the header.</summary>
    public static byte[] FlatHeader() =>
        Header(0x10000, (uint)FlatBase, (uint)FlatBase, 0, FlatBssEnd, (uint)FlatBase + AddressFieldsBytes);

    /// <summary>A flat image at 1 MiB with <paramref name="header"/> (default <see cref="FlatHeader"/>); its guest reports EAX and the bss's last dword.</summary>
    public static byte[] Flat(byte[]? header = null)
    {
        var code = Guest.Assemble(32, FlatBase + AddressFieldsBytes, a =>
        {
            a.mov(dx, DwordSink.Port);
            a.@out(dx, eax);
            DwordSink.Report(a, __dword_ptr[FlatBssEnd - 4]);
            a.hlt();
        });
        header ??= FlatHeader();
        var image = new byte[header.Length + code.Length];
        header.CopyTo(image, 0);
        code.CopyTo(image, header.Length);
        return image;
    }
}
