using System;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Boot;

/// <summary>bzImage-shaped kernels built in the test: one setup sector after the boot sector, then the protected-mode code.</summary>
internal static class BzImages
{
    public const ulong Load = 0x100000;
    public const int KernelOffset = 1024;

    /// <summary>
    /// A protocol 2.15 bzImage, relocatable with 2 MiB alignment and init_size 4 MiB, whose 32-bit entry reports ESI and EBX and
    /// whose 64-bit entry (offered when <paramref name="xloadflags"/> bit 0 is set) reports RSI, type_of_loader, loadflags,
    /// e820_entries, the first e820 entry's size and type, the command line's first four bytes, ramdisk_image, ramdisk_size and
    /// the initrd's first four bytes.
    /// </summary>
    public static byte[] Build(ushort xloadflags = 1)
    {
        var entry32 = Guest.Assemble(32, Load, a =>
        {
            a.mov(dx, DwordSink.Port);
            a.mov(eax, esi);
            a.@out(dx, eax);
            a.mov(eax, ebx);
            a.@out(dx, eax);
            a.hlt();
        });
        var entry64 = Guest.Assemble(64, Load + 0x200, a =>
        {
            a.mov(dx, DwordSink.Port);
            a.mov(eax, esi);
            a.@out(dx, eax);
            foreach (var field in (ReadOnlySpan<int>)[0x210, 0x211, 0x1E8])
            {
                a.movzx(eax, __byte_ptr[rsi + field]);
                a.@out(dx, eax);
            }
            DwordSink.Report(a, __dword_ptr[rsi + 0x2D0 + 8]);
            DwordSink.Report(a, __dword_ptr[rsi + 0x2D0 + 16]);
            a.mov(ecx, __dword_ptr[rsi + 0x228]);
            DwordSink.Report(a, __dword_ptr[rcx]);
            a.mov(ecx, __dword_ptr[rsi + 0x218]);
            a.mov(eax, ecx);
            a.@out(dx, eax);
            DwordSink.Report(a, __dword_ptr[rsi + 0x21C]);
            DwordSink.Report(a, __dword_ptr[rcx]);
            a.hlt();
        });
        var code = new byte[0x200 + ((entry64.Length + 15) & ~15)];
        entry32.CopyTo(code, 0);
        entry64.CopyTo(code, 0x200);

        var image = new byte[KernelOffset + code.Length];
        image[0x1F1] = 1;
        ElfBuilder.U32(image, 0x1F4, (uint)(code.Length / 16));
        ElfBuilder.U16(image, 0x1FE, 0xAA55);
        image[0x200] = 0xEB;
        image[0x201] = 0x26C - 0x202;
        ElfBuilder.U32(image, 0x202, 0x53726448);
        ElfBuilder.U16(image, 0x206, 0x020F);
        image[0x211] = 0x01;
        ElfBuilder.U32(image, 0x214, (uint)Load);
        ElfBuilder.U32(image, 0x22C, 0x7FFFFFFF);
        ElfBuilder.U32(image, 0x230, 0x200000);
        image[0x234] = 1;
        ElfBuilder.U16(image, 0x236, xloadflags);
        ElfBuilder.U32(image, 0x238, 2048);
        ElfBuilder.U32(image, 0x260, 0x400000);
        code.CopyTo(image, KernelOffset);
        return image;
    }
}
