using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime.Boot;

/// <summary>
/// The entry state the boot protocols define: flat 4 GiB segments from a GDT the loader provides, interrupts off, and
/// either 32-bit protected mode with paging off (multiboot, PVH, Linux's 32-bit entry) or 64-bit mode (Linux's 64-bit entry).
/// </summary>
/// <remarks>
/// The GDT follows the Linux boot protocol's selectors, which the others leave open: 0x10 code (__BOOT_CS), 0x18 data
/// (__BOOT_DS), 0x20 a busy TSS with base 0 and limit 0x67 (what PVH asks of TR).
/// </remarks>
internal static class ProtocolEntry
{
    public const ushort CodeSelector = 0x10;
    public const ushort DataSelector = 0x18;
    public const ushort TaskSelector = 0x20;

    /// <summary>GDT size: null, unused, code, data, and a TSS descriptor of 16 bytes (its long-mode size).</summary>
    public const int GdtBytes = 0x30;

    private const ulong ProtectionEnable = 1, ExtensionType = 0x10, Paging = 0x8000_0000;
    private const ulong PhysicalAddressExtension = 0x20, LongModeEnable = 0x100;

    /// <summary>The GDT, with a 64-bit code segment when <paramref name="long64"/>.</summary>
    private static byte[] Gdt(bool long64)
    {
        var gdt = new byte[GdtBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(gdt.AsSpan(CodeSelector), long64 ? 0x00AF9A000000FFFFUL : 0x00CF9A000000FFFFUL);
        BinaryPrimitives.WriteUInt64LittleEndian(gdt.AsSpan(DataSelector), 0x00CF92000000FFFFUL);
        BinaryPrimitives.WriteUInt64LittleEndian(gdt.AsSpan(TaskSelector), 0x00008B0000000067UL);
        return gdt;
    }

    /// <summary>Plans the GDT into boot memory for <paramref name="kernel"/> and returns its address.</summary>
    public static ulong PlaceGdt(BootLayout layout, BootFile kernel, bool long64)
    {
        var address = layout.AllocateBootData(GdtBytes, 8, kernel, "the GDT");
        layout.Write(address, Gdt(long64));
        return address;
    }

    /// <summary>Flat 32-bit protected mode, paging off, CR4 and EFER clear, at <paramref name="entry"/>; other registers zero.</summary>
    public static void Protected32(VCpu cpu, ulong gdt, ulong entry)
    {
        cpu.Reset();
        cpu.Cr4 = 0;
        cpu.Cr0 = ProtectionEnable | ExtensionType;
        Enter(cpu, gdt, entry, SegmentRegister.FlatCode32);
    }

    /// <summary>64-bit mode with the page tables at <paramref name="cr3"/>, at <paramref name="entry"/>; other registers zero.</summary>
    public static void Long64(VCpu cpu, ulong gdt, ulong cr3, ulong entry)
    {
        cpu.Reset();
        cpu.Cr4 = PhysicalAddressExtension;
        cpu.Efer = LongModeEnable;
        cpu.Cr3 = cr3;
        cpu.Cr0 = ProtectionEnable | ExtensionType | Paging;
        Enter(cpu, gdt, entry, SegmentRegister.Code64);
    }

    /// <summary>Loads the descriptor tables, the segments and RIP once the control registers give the mode.</summary>
    private static void Enter(VCpu cpu, ulong gdt, ulong entry, uint code)
    {
        cpu.Gdtr = new DescriptorTableRegister(gdt, GdtBytes - 1);
        cpu.Idtr = new DescriptorTableRegister(0, 0);
        cpu.SetSegment(Register.CS, new SegmentRegister(CodeSelector, 0, 0xFFFFFFFF, code));
        var data = new SegmentRegister(DataSelector, 0, 0xFFFFFFFF, SegmentRegister.FlatData);
        foreach (var s in (ReadOnlySpan<Register>)[Register.DS, Register.ES, Register.SS, Register.FS, Register.GS])
            cpu.SetSegment(s, data);
        cpu.SetTaskRegister(new SegmentRegister(TaskSelector, 0, 0x67, 0x8B));
        cpu.Rip = entry;
    }
}
