using System;
using System.Collections.Generic;
using System.Text;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Boot;

public sealed class PvhLoaderTests
{
    private const ulong Code = 0x1000000;
    private const uint XenEntryNote = 18;

    /// <summary>
    /// An ELF64 whose Xen note names <see cref="Code"/> (its e_entry points elsewhere) and whose 32-bit guest reports EBX,
    /// magic, version, nr_modules, the first module's first dword and size, the command line's first four bytes,
    /// memmap_entries and the first map entry's size and type.
    /// </summary>
    private static ElfBuilder Kernel(byte[]? note = null)
    {
        var code = Guest.Assemble(32, Code, a =>
        {
            a.mov(dx, DwordSink.Port);
            a.mov(eax, ebx);
            a.@out(dx, eax);
            foreach (var field in (ReadOnlySpan<int>)[0, 4, 12])
            {
                DwordSink.Report(a, __dword_ptr[ebx + field]);
            }
            a.mov(esi, __dword_ptr[ebx + 16]);
            a.mov(ecx, __dword_ptr[esi]);
            DwordSink.Report(a, __dword_ptr[ecx]);
            DwordSink.Report(a, __dword_ptr[esi + 8]);
            a.mov(ecx, __dword_ptr[ebx + 24]);
            DwordSink.Report(a, __dword_ptr[ecx]);
            DwordSink.Report(a, __dword_ptr[ebx + 48]);
            a.mov(ecx, __dword_ptr[ebx + 40]);
            DwordSink.Report(a, __dword_ptr[ecx + 8]);
            DwordSink.Report(a, __dword_ptr[ecx + 16]);
            a.hlt();
        });
        return new ElfBuilder(is64: true) { Entry = 0xFFFF_FFFF_8100_0000 }
            .Load(Code, code, virtualAddress: 0xFFFF_FFFF_8100_0000)
            .Note("Xen", XenEntryNote, note ?? BitConverter.GetBytes((uint)Code));
    }

    [Fact]
    public void Kernel_enters_at_its_note_with_start_info_memory_map_command_line_and_modules()
    {
        using var vm = Vm.WithMemory(32);
        var sink = DwordSink.On(vm);
        var boot = new KernelBoot(new BootFile("vmlinux", Kernel().Build()))
        {
            CommandLine = "console=ttyS0",
            Initrd = new BootFile("initrd", Encoding.ASCII.GetBytes("070701")),
        };

        var loaded = KernelLoader.Load(vm, boot);
        Guest.RunToHalt(vm);

        Assert.Equal((KernelFormat.Pvh, Code), (loaded.Format, loaded.Entry));
        Assert.Equal(new List<ulong> { loaded.BootInformation, 0x336EC578, 1, 1, DwordSink.Word("0707"), 6, DwordSink.Word("cons"), 3, 0xA0000, 1 }, sink.Values);
    }

    [Fact]
    public void Entry_state_has_cr4_clear_and_a_32_bit_tss_at_0_of_limit_0x67()
    {
        using var vm = Vm.WithMemory(32);

        var loaded = KernelLoader.Load(vm, new KernelBoot(new BootFile("vmlinux", Kernel().Build())));

        var cpu = vm.Cpu;
        var tr = cpu.TaskRegister;
        Assert.Equal((CpuMode.Protected, 0UL, 0x11UL), (cpu.Mode, cpu.Cr4, cpu.Cr0));
        Assert.Equal((0UL, 0x67u), (tr.Base, tr.Limit));
        Assert.Equal(loaded.BootInformation, cpu.GetRegister(Register.EBX));
    }

    [Fact]
    public void Elf_without_the_note_is_refused_when_pvh_is_asked_for()
    {
        var image = new ElfBuilder(is64: true) { Entry = Code }.Load(Code, [0xF4]).Build();

        Assert.Equal("k: no Xen PHYS32_ENTRY note (type 18) in any PT_NOTE segment: not a PVH kernel", Refusal.Of(image, KernelFormat.Pvh));
    }

    [Fact]
    public void Note_with_a_value_of_neither_4_nor_8_bytes_is_refused_at_the_value()
    {
        var builder = Kernel(note: [0, 0]);
        var value = builder.DataOffset(1) + 16;

        Assert.Equal($"k: offset 0x{value:X}: the Xen PHYS32_ENTRY note has a 2-byte value; it must be 4 or 8", Refusal.Of(builder.Build()));
    }

    [Fact]
    public void Note_running_past_its_segment_is_refused_at_the_note()
    {
        var builder = Kernel();
        var image = builder.Build();
        var note = builder.DataOffset(1);
        ElfBuilder.U32(image, note + 4, 0x1000);

        Assert.Equal($"k: offset 0x{note:X}: note of name size 4 and descriptor size 4096 runs past the end of segment 1", Refusal.Of(image));
    }

    [Fact]
    public void Note_entry_outside_every_segment_is_refused()
    {
        var image = Kernel(note: BitConverter.GetBytes(0x2000000u)).Build();

        Assert.Equal("k: the Xen PHYS32_ENTRY 0x2000000 lies in no loadable segment", Refusal.Of(image, KernelFormat.Pvh));
    }

}
