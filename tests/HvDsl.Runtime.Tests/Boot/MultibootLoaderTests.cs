using System;
using System.Linq;
using System.Text;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static HvDsl.Runtime.Tests.Boot.MultibootImages;

namespace HvDsl.Runtime.Tests.Boot;

public sealed class MultibootLoaderTests
{
    private static readonly byte[] Environment = Encoding.ASCII.GetBytes("NR_CPUS=1\nMEMSIZE=16\n");

    private static KernelBoot Boot(byte[] image) => new(new BootFile("k", image));

    [Fact]
    public void Elf_kernel_sees_the_magic_and_an_info_block_with_memory_sizes_map_command_line_and_modules()
    {
        using var vm = Vm.WithMemory(16);
        var sink = DwordSink.On(vm);
        var boot = Boot(Elf()) with { CommandLine = "-v", Modules = [new BootModule(new BootFile("env", Environment), "env.txt")] };

        var loaded = KernelLoader.Load(vm, boot);
        Guest.RunToHalt(vm);

        Assert.Equal(KernelFormat.Multiboot, loaded.Format);
        var v = sink.Values;
        Assert.Equal([0x2BADB002UL, loaded.BootInformation, 0x24D, 640, 15 * 1024, 1], v.Take(6));
        Assert.Equal([DwordSink.Word("NR_C"), (ulong)Environment.Length, DwordSink.Word("env."), DwordSink.Word("k -v")], v.Skip(6).Take(4));
        Assert.Equal([3UL * 24, 0, 0xA0000, 1], v.Skip(10));
        Assert.True(loaded.BootInformation < MemoryMap.IsaHoleStart, "the information block stays below the ISA hole");
    }

    [Fact]
    public void Modules_go_page_aligned_above_the_kernel_in_the_order_given()
    {
        using var vm = Vm.WithMemory(16);
        var boot = Boot(Elf()) with
        {
            Initrd = new BootFile("first", [1, 2, 3]),
            Modules = [new BootModule(new BootFile("second", [4]), "second x")],
        };

        var info = KernelLoader.Load(vm, boot).BootInformation;

        var list = Dword(vm, info + 24);
        Assert.Equal(2UL, Dword(vm, info + 20));
        Assert.Equal((ElfBase + 0x3000, ElfBase + 0x3003, ElfBase + 0x4000), (Dword(vm, list), Dword(vm, list + 4), Dword(vm, list + 16)));
        Assert.Equal("second x", CString(vm, Dword(vm, list + 24)));
    }

    [Fact]
    public void Entry_state_is_flat_32_bit_protected_mode_with_paging_and_interrupts_off()
    {
        using var vm = Vm.WithMemory(16);

        KernelLoader.Load(vm, Boot(Elf()));

        var cpu = vm.Cpu;
        Assert.Equal((CpuMode.Protected, 0UL, 0UL), (cpu.Mode, cpu.Cr0 & 0x8000_0000, cpu.RFlags & 0x200));
        Assert.Equal(ElfBase + 12, cpu.Rip);
        foreach (var segment in (Register[])[Register.CS, Register.DS, Register.ES, Register.SS, Register.FS, Register.GS])
        {
            var s = cpu.GetSegment(segment);
            Assert.Equal((0UL, 0xFFFFFFFFu), (s.Base, s.Limit));
        }
        Assert.True(cpu.GetSegment(Register.CS).IsBig);
    }

    [Fact]
    public void Address_fields_load_a_flat_image_with_its_bss_zeroed()
    {
        using var vm = Vm.WithMemory(8);
        vm.Memory.Load(FlatBase, Enumerable.Repeat((byte)0xFF, 0x1100).ToArray());
        var sink = DwordSink.On(vm);

        var loaded = KernelLoader.Load(vm, Boot(Flat()));
        Guest.RunToHalt(vm);

        Assert.Equal((KernelFormat.Multiboot, FlatBase + AddressFieldsBytes), (loaded.Format, loaded.Entry));
        Assert.Equal([0x2BADB002UL, 0], sink.Values);
    }

    [Theory]
    [InlineData(0x10000u | 4, 0x100000u, 0x100000u, 0u, FlatBssEnd, 0x100020u, "k: offset 0x4: multiboot flags bit 2 asks for a video mode; hvdsl has no display to give one")]
    [InlineData(0x10000u | 0x20, 0x100000u, 0x100000u, 0u, FlatBssEnd, 0x100020u, "k: offset 0x4: multiboot flags bit 5 is a requirement this loader does not know")]
    [InlineData(0x10000u, 0x100000u, 0x100010u, 0u, FlatBssEnd, 0x100020u, "k: offset 0x10: load_addr 0x100010 is above header_addr 0x100000")]
    [InlineData(0x10000u, 0x100010u, 0x100000u, 0u, FlatBssEnd, 0x100020u, "k: offset 0x10: load_addr 0x100000 would start 16 bytes before the header, which is only 0 bytes into the file")]
    [InlineData(0x10000u, 0x100000u, 0x100000u, 0xFFFF0u, FlatBssEnd, 0x100020u, "k: offset 0x14: load_end_addr 0xFFFF0 is below load_addr 0x100000")]
    [InlineData(0x10000u, 0x100000u, 0x100000u, 0x110000u, FlatBssEnd, 0x100020u, "k: offset 0x14: load_end_addr 0x110000 asks for 0x10000 bytes from file offset 0x0; the file has")]
    [InlineData(0x10000u, 0x100000u, 0x100000u, 0x100020u, 0x100010u, 0x100020u, "k: offset 0x18: bss_end_addr 0x100010 is below the loaded end 0x100020")]
    [InlineData(0x10000u, 0x100000u, 0x100000u, 0u, FlatBssEnd, 0x200000u, "k: offset 0x1C: entry_addr 0x200000 lies outside the image at 0x100000-0x1010FF")]
    [InlineData(0x10000u, 0x100000u, 0x100000u, 0u, 0x900000u, 0x100020u, "k: offset 0x10: the image (0x800000 bytes at 0x100000) lies outside RAM, which ends at 0x800000; raise --memory")]
    public void Malformed_multiboot_header_is_refused_with_the_offset_of_the_bad_field(
        uint flags, uint headerAddress, uint loadAddress, uint loadEnd, uint bssEnd, uint entry, string expected)
    {
        var image = Flat(Header(flags, headerAddress, loadAddress, loadEnd, bssEnd, entry));

        Assert.StartsWith(expected, Refusal.Of(image));
    }

    [Fact]
    public void Header_whose_checksum_fails_is_refused_at_the_checksum()
    {
        var image = Flat(Header(0x10000, (uint)FlatBase, (uint)FlatBase, 0, FlatBssEnd, (uint)FlatBase + 32, checksum: 1));

        Assert.Equal("k: offset 0x8: multiboot header checksum does not make magic + flags + checksum zero", Refusal.Of(image));
    }

    [Fact]
    public void Header_beyond_the_first_8_KiB_is_not_found()
    {
        var image = new byte[8192].Concat(FlatHeader()).ToArray();

        Assert.Equal("k: offset 0x0: no multiboot header (magic 0x1BADB002, 4-byte aligned) in the first 8192 bytes", Refusal.Of(image, KernelFormat.Multiboot));
    }

    [Fact]
    public void Header_without_address_fields_in_a_file_that_is_not_elf_is_refused()
    {
        var image = Header(0).Concat(new byte[64]).ToArray();

        Assert.Equal("k: offset 0x4: multiboot flags bit 16 is clear, so the image must be ELF, and it does not start with 0x7F 'ELF'", Refusal.Of(image));
    }

    [Fact]
    public void Module_too_large_for_ram_is_refused_naming_the_module()
    {
        var boot = Boot(Flat()) with { Modules = [new BootModule(new BootFile("big", new byte[8 << 20]), "big")] };

        Assert.StartsWith("big: module of 8388608 bytes does not fit in free RAM", Refusal.Of(boot));
    }


    private static ulong Dword(Vm vm, ulong address)
    {
        Span<byte> bytes = stackalloc byte[4];
        Assert.True(vm.Memory.Read(address, bytes));
        return BitConverter.ToUInt32(bytes);
    }

    private static string CString(Vm vm, ulong address)
    {
        var text = new StringBuilder();
        Span<byte> one = stackalloc byte[1];
        for (var i = 0; i < 256 && vm.Memory.Read(address + (ulong)i, one) && one[0] != 0; i++)
            text.Append((char)one[0]);
        return text.ToString();
    }
}
