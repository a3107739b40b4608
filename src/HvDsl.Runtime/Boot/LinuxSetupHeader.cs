using System;
using System.Numerics;

using static HvDsl.Runtime.Boot.FileFields;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// The setup header of a Linux bzImage at offset 0x1F1 (Documentation/arch/x86/boot.rst), checked as it is read: the
/// 0xAA55 boot flag, the "HdrS" signature, a protocol of at least 2.02, LOADED_HIGH, and sizes that fit the file.
/// </summary>
internal sealed class LinuxSetupHeader
{
    /// <summary>Where the header starts in the file and in <c>boot_params</c>.</summary>
    public const int Start = 0x1F1;

    /// <summary>"HdrS" at 0x202.</summary>
    public const uint Signature = 0x53726448;

    /// <summary>Where a bzImage's protected-mode code loads.</summary>
    public const ulong LoadAddress = 0x100000;

    /// <summary>loadflags bit 0: the protected-mode code loads at 1 MiB (a bzImage).</summary>
    public const byte LoadedHigh = 0x01;

    /// <summary>The end of the hole in <c>boot_params</c> the header is copied into.</summary>
    private const int BootParamsHoleEnd = 0x290;

    /// <summary>Where each protocol's header fields end: the jump at 0x200 must reach at least this far.</summary>
    private static readonly (ushort Version, int End)[] HeaderEnds =
        [(0x0202, 0x22C), (0x0203, 0x230), (0x0205, 0x235), (0x0206, 0x23C), (0x0207, 0x248), (0x0208, 0x250), (0x0209, 0x258), (0x020A, 0x264), (0x020B, 0x268), (0x020F, 0x26C)];

    private LinuxSetupHeader(BootFile file) => File = file;

    public BootFile File { get; }

    /// <summary>The protocol version, (major &lt;&lt; 8) | minor.</summary>
    public ushort Version { get; private init; }

    /// <summary>The header's end in the file: 0x202 plus the jump's offset byte.</summary>
    public int End { get; private init; }

    /// <summary>The file offset of the protected-mode code: (setup_sects + 1) sectors.</summary>
    public int KernelOffset { get; private init; }

    /// <summary>The most bytes of command line the kernel takes, without the terminating zero.</summary>
    public uint CommandLineLimit { get; private init; }

    /// <summary>The highest address the initrd may occupy.</summary>
    public uint InitrdAddressMax { get; private init; }

    /// <summary>Where the kernel runs once it has relocated itself, and how many bytes it needs there (init_size).</summary>
    public ulong RuntimeStart { get; private init; }

    public ulong InitSize { get; private init; }

    /// <summary>Whether the kernel has the 64-bit entry at its start + 0x200 (xloadflags bit 0, protocol 2.12+).</summary>
    public bool Has64BitEntry { get; private init; }

    /// <summary>Whether <paramref name="bytes"/> carry the "HdrS" signature at 0x202.</summary>
    public static bool HasSignature(byte[] bytes) => bytes.Length >= 0x206 && U32(bytes, 0x202) == Signature;

    /// <summary>Reads and checks the header of <paramref name="file"/>.</summary>
    /// <exception cref="KernelImageException">The file is no bzImage, or its header is malformed or too old.</exception>
    public static LinuxSetupHeader Read(BootFile file)
    {
        var b = file.Bytes;
        if (!HasSignature(b)) throw KernelImageException.At(file, 0x202, "no \"HdrS\" signature: not a Linux bzImage");
        if (b.Length < 0x208) throw KernelImageException.At(file, (ulong)b.Length, "the setup header is cut short before its version field");
        var flag = U16(b, 0x1FE);
        if (flag != 0xAA55) throw KernelImageException.At(file, 0x1FE, $"boot flag 0x{flag:X4} is not 0xAA55");
        var version = U16(b, 0x206);
        if (version < 0x0202) throw KernelImageException.At(file, 0x206, $"boot protocol {Protocol(version)} is older than 2.02, the oldest this loader speaks");
        var end = 0x202 + b[0x201];
        var needed = 0;
        foreach (var (v, e) in HeaderEnds)
        {
            if (version >= v) needed = e;
        }
        if (end < needed) throw KernelImageException.At(file, 0x201, $"the jump at 0x200 ends the setup header at 0x{end:X}, short of the 0x{needed:X} protocol {Protocol(version)} defines");
        if (end > BootParamsHoleEnd) throw KernelImageException.At(file, 0x201, $"the jump at 0x200 ends the setup header at 0x{end:X}, beyond the 0x{BootParamsHoleEnd:X} boot_params holds");
        if (b.Length < end) throw KernelImageException.At(file, (ulong)b.Length, $"the setup header runs to 0x{end:X}, past the end of the file");
        var loadFlags = b[0x211];
        if ((loadFlags & LoadedHigh) == 0) throw KernelImageException.At(file, 0x211, "loadflags bit 0 (LOADED_HIGH) is clear: a zImage, which this loader does not boot");
        var sectors = b[0x1F1] == 0 ? 4 : b[0x1F1];
        var kernelOffset = (sectors + 1) * 512;
        if (kernelOffset >= b.Length) throw KernelImageException.At(file, 0x1F1, $"the setup ({sectors} sectors) runs to 0x{kernelOffset:X}, leaving no protected-mode code in the {b.Length}-byte file");
        if (version >= 0x0204 && (ulong)U32(b, 0x1F4) * 16 > (ulong)(b.Length - kernelOffset))
            throw KernelImageException.At(file, 0x1F4, $"syssize says 0x{(ulong)U32(b, 0x1F4) * 16:X} bytes of protected-mode code; the file has 0x{b.Length - kernelOffset:X} after the setup");
        return new LinuxSetupHeader(file)
        {
            Version = version,
            End = end,
            KernelOffset = kernelOffset,
            CommandLineLimit = version >= 0x0206 ? U32(b, 0x238) : 255,
            InitrdAddressMax = version >= 0x0203 ? U32(b, 0x22C) : 0x37FFFFFF,
            RuntimeStart = RuntimeStartOf(file, version),
            InitSize = version >= 0x020A ? U32(b, 0x260) : 0,
            Has64BitEntry = version >= 0x020C && (U16(b, 0x236) & 1) != 0,
        };
    }

    /// <summary>boot.rst's runtime start: the load address aligned up for a relocatable kernel, else pref_address.</summary>
    private static ulong RuntimeStartOf(BootFile file, ushort version)
    {
        var b = file.Bytes;
        if (version < 0x0205) return LoadAddress;
        var relocatable = b[0x234] != 0;
        if (relocatable)
        {
            var alignment = U32(b, 0x230);
            if (alignment == 0 || !BitOperations.IsPow2(alignment))
                throw KernelImageException.At(file, 0x230, $"kernel_alignment 0x{alignment:X} is not a power of two");
            return (LoadAddress + alignment - 1) & ~((ulong)alignment - 1);
        }
        if (version < 0x020A) return LoadAddress;
        var preferred = U64(b, 0x258);
        if (preferred < LoadAddress) throw KernelImageException.At(file, 0x258, $"pref_address 0x{preferred:X} of a kernel that is not relocatable is below 1 MiB");
        return preferred;
    }

    private static string Protocol(ushort version) => $"{version >> 8}.{version & 0xFF:D2}";

}
