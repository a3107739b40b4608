using System;
using System.Buffers.Binary;
using HvDsl.Runtime.Cpu;
using Iced.Intel;

namespace HvDsl.Runtime;

/// <summary>
/// What a tiny VMM does before the first instruction (as the KVM hello-world programs do): a GDT, a TSS,
/// identity page tables, and the vCPU put straight into real, protected, paged or long mode.
/// </summary>
/// <remarks>
/// The boot area holds the GDT at +0, the TSS at +0x100 and page tables from +0x1000. GDT selectors:
/// 0x08 kernel code (32- or 64-bit per mode), 0x10 kernel data, 0x18 user code 32, 0x20 user data,
/// 0x28 user code 64, 0x30 TSS. STAR is preset so SYSCALL enters 0x08 and SYSRET returns to ring 3.
/// </remarks>
public static class GuestBoot
{
    /// <summary>Kernel code selector.</summary>
    public const ushort KernelCode = 0x08;
    /// <summary>Kernel data selector.</summary>
    public const ushort KernelData = 0x10;
    /// <summary>User 32-bit code selector (RPL 3).</summary>
    public const ushort UserCode32 = 0x18 | 3;
    /// <summary>User data selector (RPL 3).</summary>
    public const ushort UserData = 0x20 | 3;
    /// <summary>User 64-bit code selector (RPL 3).</summary>
    public const ushort UserCode64 = 0x28 | 3;
    /// <summary>TSS selector.</summary>
    public const ushort Tss = 0x30;
    /// <summary>Bytes the boot area needs below its page tables.</summary>
    public const ulong TablesOffset = 0x1000;

    /// <summary>
    /// Bytes a boot area needs for a VM with <paramref name="ramBytes"/> of RAM in any mode: GDT and TSS, then the largest
    /// page tables (long mode's, one page directory per GiB). A VMM reserves this much at the top of RAM.
    /// </summary>
    public static ulong BootAreaSize(ulong ramBytes) => TablesOffset + LongTablesSize(ramBytes);

    /// <summary>
    /// Starts the boot vCPU at <paramref name="entry"/> in <paramref name="mode"/> with interrupts disabled, as a VMM does
    /// for a flat image: real mode with all segments 0 and SP 0xFFF0; otherwise flat segments, the boot area (GDT, TSS,
    /// identity page tables) reserved at the top of RAM and the stack pointer just below it.
    /// </summary>
    public static void Start(Vm vm, BootMode mode, ulong entry)
    {
        if (mode == BootMode.Real)
        {
            Real(vm.Cpu, 0, (ushort)entry);
            return;
        }
        var bootArea = BootAreaAddress(vm);
        switch (mode)
        {
            case BootMode.Protected: Protected(vm, bootArea, entry, bootArea); break;
            case BootMode.Paged: Paged(vm, bootArea, entry, bootArea); break;
            default: Long(vm, bootArea, entry, bootArea); break;
        }
    }

    /// <summary>Where <see cref="Start"/> puts the boot area outside real mode: the top of RAM, page-aligned.</summary>
    internal static ulong BootAreaAddress(Vm vm)
    {
        var top = RamTop(vm);
        return (top - BootAreaSize(top)) & ~0xFFFUL;
    }

    /// <summary>Real mode: all segments <paramref name="segment"/>, IP = <paramref name="ip"/>, SP = <paramref name="sp"/>.</summary>
    public static void Real(VCpu cpu, ushort segment, ushort ip, ushort sp = 0xFFF0)
    {
        cpu.Reset();
        foreach (var s in (ReadOnlySpan<Register>)[Register.CS, Register.DS, Register.ES, Register.SS, Register.FS, Register.GS])
            cpu.SetSegment(s, segment);
        cpu.Rip = ip;
        cpu.SetRegister(Register.SP, sp);
    }

    /// <summary>Flat 32-bit protected mode without paging.</summary>
    public static void Protected(Vm vm, ulong bootArea, ulong entry, ulong stack) =>
        Enter(vm, bootArea, entry, stack, CpuMode.Protected, paging: false);

    /// <summary>Flat 32-bit protected mode with 32-bit paging identity-mapping RAM (4 MiB pages).</summary>
    public static void Paged(Vm vm, ulong bootArea, ulong entry, ulong stack) =>
        Enter(vm, bootArea, entry, stack, CpuMode.Protected, paging: true);

    /// <summary>64-bit long mode with 4-level paging identity-mapping RAM (2 MiB pages).</summary>
    public static void Long(Vm vm, ulong bootArea, ulong entry, ulong stack) =>
        Enter(vm, bootArea, entry, stack, CpuMode.Long64, paging: true);

    /// <summary>Sets the ring-0 stack the TSS gives interrupts and exceptions arriving from ring 3.</summary>
    public static void SetKernelStack(Vm vm, ulong bootArea, ulong stack)
    {
        Span<byte> tss = stackalloc byte[8];
        if (vm.Cpu.Mode == CpuMode.Long64)
            BinaryPrimitives.WriteUInt64LittleEndian(tss, stack);
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(tss, (uint)stack);
            BinaryPrimitives.WriteUInt32LittleEndian(tss[4..], KernelData);
        }
        vm.Memory.Load(bootArea + 0x100 + 4, tss);
    }

    private static void Enter(Vm vm, ulong bootArea, ulong entry, ulong stack, CpuMode mode, bool paging)
    {
        var cpu = vm.Cpu;
        var long64 = mode == CpuMode.Long64;
        cpu.Reset();
        WriteGdt(vm, bootArea, long64);
        cpu.Gdtr = new DescriptorTableRegister(bootArea, 0x3F);
        cpu.Idtr = new DescriptorTableRegister(0, 0);
        ulong cr3 = 0;
        if (paging)
            cr3 = long64 ? WriteLongTables(vm, bootArea + TablesOffset) : WriteLegacyTables(vm, bootArea + TablesOffset);
        if (long64)
        {
            cpu.Cr4 = 0x20; // PAE
            cpu.Efer = 0x100 | 0x800 | 1; // LME, NXE, SCE
        }
        else
            cpu.Cr4 = paging ? 0x10UL : 0; // PSE
        cpu.Cr3 = cr3;
        cpu.Cr0 = 0x11 | (paging ? 0x8001_0000UL : 0); // PE, ET (+ PG, WP)
        var code = long64 ? SegmentRegister.Code64 : SegmentRegister.FlatCode32;
        cpu.SetSegment(Register.CS, new SegmentRegister(KernelCode, 0, 0xFFFFFFFF, code));
        var data = new SegmentRegister(KernelData, 0, 0xFFFFFFFF, SegmentRegister.FlatData);
        foreach (var s in (ReadOnlySpan<Register>)[Register.DS, Register.ES, Register.SS, Register.FS, Register.GS])
            cpu.SetSegment(s, data);
        cpu.SetTaskRegister(new SegmentRegister(Tss, bootArea + 0x100, 0x67, 0x8B));
        cpu.TryWriteMsr(VCpu.Msrs.Star, ((ulong)(UserCode32 & ~3) << 48) | ((ulong)KernelCode << 32));
        cpu.Rip = entry;
        cpu.SetRegister(Register.RSP, stack);
    }

    private static void WriteGdt(Vm vm, ulong at, bool long64)
    {
        Span<byte> gdt = stackalloc byte[0x40];
        gdt.Clear();
        Descriptor(gdt, KernelCode, long64 ? 0x00AF9A000000FFFFUL : 0x00CF9A000000FFFFUL);
        Descriptor(gdt, KernelData, 0x00CF92000000FFFFUL);
        Descriptor(gdt, UserCode32, 0x00CFFA000000FFFFUL);
        Descriptor(gdt, UserData, 0x00CFF2000000FFFFUL);
        Descriptor(gdt, UserCode64, 0x00AFFA000000FFFFUL);
        var tss = at + 0x100;
        Descriptor(gdt, Tss, 0x0000890000000067UL | ((tss & 0xFFFFFF) << 16) | (((tss >> 24) & 0xFF) << 56));
        BinaryPrimitives.WriteUInt64LittleEndian(gdt[(Tss + 8)..], tss >> 32);
        vm.Memory.Load(at, gdt);
        vm.Memory.Load(at + 0x100, new byte[0x68]);
    }

    private static void Descriptor(Span<byte> gdt, ushort selector, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(gdt[(selector & 0xFFF8)..], value);

    /// <summary>The end of the highest memory region.</summary>
    internal static ulong RamTop(Vm vm)
    {
        ulong top = 0;
        foreach (var r in vm.Memory.Regions)
            top = Math.Max(top, r.Start + r.Size);
        return top;
    }

    /// <summary>A page directory of 4 MiB pages mapping the first 4 GiB of RAM 1:1.</summary>
    private static ulong WriteLegacyTables(Vm vm, ulong at)
    {
        var pd = new byte[4096];
        var count = Math.Min(1024UL, (RamTop(vm) + (4 << 20) - 1) >> 22);
        for (ulong i = 0; i < count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(pd.AsSpan((int)i * 4), (uint)((i << 22) | 0x87)); // P, RW, US, PS
        vm.Memory.Load(at, pd);
        return at;
    }

    /// <summary>Page directories long mode needs: one per started GiB, at least one.</summary>
    private static ulong Gibibytes(ulong ramBytes) => Math.Max(1UL, (ramBytes + (1UL << 30) - 1) >> 30);

    /// <summary>PML4, PDPT and page directories of 2 MiB pages mapping RAM 1:1 (up to 512 GiB).</summary>
    private static ulong WriteLongTables(Vm vm, ulong at)
    {
        vm.Memory.Load(at, LongTables(at, RamTop(vm)));
        return at;
    }

    /// <summary>Bytes <see cref="LongTables"/> takes for RAM ending at <paramref name="ramTop"/>.</summary>
    internal static ulong LongTablesSize(ulong ramTop) => 0x1000 * (2 + Gibibytes(ramTop));

    /// <summary>Long-mode page tables placed at <paramref name="at"/> mapping the first started GiBs up to <paramref name="ramTop"/> 1:1 with 2 MiB pages.</summary>
    internal static byte[] LongTables(ulong at, ulong ramTop)
    {
        var gibibytes = Gibibytes(ramTop);
        var tables = new byte[(int)LongTablesSize(ramTop)];
        BinaryPrimitives.WriteUInt64LittleEndian(tables, (at + 0x1000) | 0x7);
        for (ulong g = 0; g < gibibytes; g++)
        {
            var pd = at + 0x2000 + g * 0x1000;
            BinaryPrimitives.WriteUInt64LittleEndian(tables.AsSpan(0x1000 + (int)g * 8), pd | 0x7);
            for (ulong e = 0; e < 512; e++)
                BinaryPrimitives.WriteUInt64LittleEndian(tables.AsSpan((int)(0x2000 + g * 0x1000 + e * 8)), ((g << 30) | (e << 21)) | 0x87);
        }
        return tables;
    }
}
