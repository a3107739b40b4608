using System;
using System.Linq;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Boot;

public sealed class ElfLoaderTests
{
    private const ulong Code = 0x200000, Data = 0x300000;

    /// <summary>A guest that reports the dword at <see cref="Data"/> + 0x1000 (in the bss) and at <see cref="Data"/>.</summary>
    private static byte[] Elf32(Func<ElfBuilder, ElfBuilder>? change = null)
    {
        var code = Guest.Assemble(32, Code, a =>
        {
            a.mov(dx, DwordSink.Port);
            DwordSink.Report(a, __dword_ptr[Data + 0x1000]);
            DwordSink.Report(a, __dword_ptr[Data]);
            a.hlt();
        });
        var builder = new ElfBuilder(is64: false) { Entry = Code }.Load(Code, code).Load(Data, [0x11, 0x22, 0x33, 0x44], memorySize: 0x2000);
        return (change?.Invoke(builder) ?? builder).Build();
    }

    [Fact]
    public void Elf32_segments_land_at_their_physical_addresses_with_bss_zeroed_and_run_in_flat_protected_mode()
    {
        using var vm = Vm.WithMemory(8);
        vm.Memory.Load(Data, Enumerable.Repeat((byte)0xFF, 0x2000).ToArray());
        var sink = DwordSink.On(vm);

        var loaded = KernelLoader.Load(vm, new KernelBoot(new BootFile("k", Elf32())));
        Guest.RunToHalt(vm);

        Assert.Equal((KernelFormat.Elf, Code), (loaded.Format, loaded.Entry));
        Assert.Equal(CpuMode.Protected, vm.Cpu.Mode);
        Assert.Equal([0UL, 0x44332211UL], sink.Values);
    }

    [Fact]
    public void Elf64_enters_long_mode_at_the_physical_address_of_its_virtual_entry()
    {
        using var vm = Vm.WithMemory(8);
        var sink = DwordSink.On(vm);
        var code = Guest.Assemble(64, Code, a =>
        {
            a.mov(rax, 0x6464_6464_6464);
            a.mov(dx, DwordSink.Port);
            a.@out(dx, eax);
            a.hlt();
        });
        const ulong kernelBase = 0xFFFF_FFFF_8000_0000;
        var elf = new ElfBuilder(is64: true) { Entry = kernelBase + Code }.Load(Code, code, virtualAddress: kernelBase + Code).Build();

        var loaded = KernelLoader.Load(vm, new KernelBoot(new BootFile("k", elf)));
        Guest.RunToHalt(vm);

        Assert.Equal((KernelFormat.Elf, Code, CpuMode.Long64), (loaded.Format, loaded.Entry, vm.Cpu.Mode));
        Assert.Equal([0x6464_6464UL], sink.Values);
    }

    [Theory]
    [InlineData(0x04, 3, 1, "k: offset 0x4: ELF class 3 is neither 1 (32-bit) nor 2 (64-bit)")]
    [InlineData(0x05, 2, 1, "k: offset 0x5: ELF data encoding 2 is not 1 (little-endian)")]
    [InlineData(0x10, 3, 2, "k: offset 0x10: ELF type 3 is not 2 (executable)")]
    [InlineData(0x12, 40, 2, "k: offset 0x12: ELF machine 40 is neither 3 (x86) nor 62 (x86-64)")]
    [InlineData(0x2A, 16, 2, "k: offset 0x2A: program header size 16 is below the 32 bytes of an ELF32 program header")]
    [InlineData(0x2C, 200, 2, "k: offset 0x1C: the program header table (200 entries of 32 bytes at 0x34) runs past the end of the file")]
    [InlineData(0x38, 0xFFFFFF, 4, "k: offset 0x34: segment 0's 0x")]
    [InlineData(0x48, 1, 4, "k: offset 0x34: segment 0's file size 0x")]
    [InlineData(0x40, 0x10000000, 4, "k: offset 0x34: segment 0 (0x")]
    [InlineData(0x18, 0x12345, 4, "k: offset 0x18: entry point 0x12345 lies in no loadable segment")]
    public void Malformed_elf_header_is_refused_with_the_offset_of_the_bad_field(int offset, uint value, int width, string expected)
    {
        Assert.StartsWith(expected, Refusal.OfPatched(Elf32(), offset, value, width));
    }

    [Fact]
    public void Segment_beyond_ram_is_refused_naming_where_ram_ends()
    {
        var image = Elf32(b => b.Load(0x7FF000, new byte[0x2000]));

        Assert.Equal("k: offset 0x74: segment 2 (0x2000 bytes at physical 0x7FF000) lies outside RAM, which ends at 0x800000; raise --memory", Refusal.Of(image));
    }

    [Fact]
    public void Overlapping_segments_are_refused_naming_both()
    {
        var image = Elf32(b => b.Load(Data + 0x1000, [1]));

        Assert.Equal("k: offset 0x74: segment 2 (0x1 bytes at physical 0x301000) overlaps k segment 1 at 0x300000-0x301FFF", Refusal.Of(image));
    }

    [Fact]
    public void Header_cut_short_is_refused_at_the_end_of_the_file()
    {
        Assert.Equal("k: offset 0x28: the ELF header (52 bytes) is cut short by the end of the file", Refusal.Of(Elf32()[..40]));
    }

    [Fact]
    public void Plain_elf_refuses_a_command_line_it_could_not_pass_on()
    {
        var message = Refusal.Of(new KernelBoot(new BootFile("k", Elf32())) { CommandLine = "quiet" });

        Assert.StartsWith("k: a plain ELF kernel has no boot protocol to receive a command line", message);
    }
}
