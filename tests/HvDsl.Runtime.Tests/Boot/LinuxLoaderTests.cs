using System;
using System.Collections.Generic;
using System.Text;
using HvDsl.Runtime.Boot;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Boot;

public sealed class LinuxLoaderTests
{
    private static readonly BootFile Initrd = new("initrd", Encoding.ASCII.GetBytes("070701"));

    [Fact]
    public void Kernel_offering_the_64_bit_entry_starts_there_with_boot_params_e820_command_line_and_initrd()
    {
        using var vm = Vm.WithMemory(16);
        var sink = DwordSink.On(vm);
        var boot = new KernelBoot(new BootFile("bzImage", BzImages.Build())) { CommandLine = "console=ttyS0", Initrd = Initrd };

        var loaded = KernelLoader.Load(vm, boot);
        Assert.Equal((KernelFormat.Linux, BzImages.Load + 0x200, CpuMode.Long64), (loaded.Format, loaded.Entry, vm.Cpu.Mode));
        Guest.RunToHalt(vm);

        var v = sink.Values;
        Assert.Equal(new List<ulong> { loaded.BootInformation, 0xFF, 0x01, 3, 0xA0000, 1, DwordSink.Word("cons") }, v[..7]);
        Assert.Equal((6UL, DwordSink.Word("0707")), (v[8], v[9]));
        Assert.Equal(0UL, v[7] % 0x1000);
    }

    [Fact]
    public void Kernel_without_the_64_bit_entry_starts_at_1_MiB_in_32_bit_mode_with_esi_at_boot_params_and_ebx_zero()
    {
        using var vm = Vm.WithMemory(16);
        var sink = DwordSink.On(vm);

        var loaded = KernelLoader.Load(vm, new KernelBoot(new BootFile("bzImage", BzImages.Build(xloadflags: 0))));
        Guest.RunToHalt(vm);

        Assert.Equal((BzImages.Load, CpuMode.Protected, 0UL), (loaded.Entry, vm.Cpu.Mode, vm.Cpu.Cr0 & 0x8000_0000));
        Assert.Equal(new List<ulong> { loaded.BootInformation, 0 }, sink.Values);
        Assert.Equal((ushort)0x10, vm.Cpu.GetSegment(Register.CS).Selector);
        Assert.Equal((ushort)0x18, vm.Cpu.GetSegment(Register.DS).Selector);
    }

    [Fact]
    public void Initrd_goes_as_high_as_initrd_addr_max_allows()
    {
        using var vm = Vm.WithMemory(16);
        var image = BzImages.Build();
        ElfBuilder.U32(image, 0x22C, 0x7FFFFF);

        var bootParams = KernelLoader.Load(vm, new KernelBoot(new BootFile("bzImage", image)) { Initrd = Initrd }).BootInformation;

        Span<byte> field = stackalloc byte[4];
        Assert.True(vm.Memory.Read(bootParams + 0x218, field));
        Assert.Equal(0x7FF000u, BitConverter.ToUInt32(field));
    }

    [Theory]
    [InlineData(0x1FE, 0, 2, "k: offset 0x1FE: boot flag 0x0000 is not 0xAA55")]
    [InlineData(0x206, 0x0201, 2, "k: offset 0x206: boot protocol 2.01 is older than 2.02, the oldest this loader speaks")]
    [InlineData(0x211, 0, 1, "k: offset 0x211: loadflags bit 0 (LOADED_HIGH) is clear: a zImage, which this loader does not boot")]
    [InlineData(0x201, 0x20, 1, "k: offset 0x201: the jump at 0x200 ends the setup header at 0x222, short of the 0x26C protocol 2.15 defines")]
    [InlineData(0x201, 0xA0, 1, "k: offset 0x201: the jump at 0x200 ends the setup header at 0x2A2, beyond the 0x290 boot_params holds")]
    [InlineData(0x1F1, 100, 1, "k: offset 0x1F1: the setup (100 sectors) runs to 0xCA00, leaving no protected-mode code in the")]
    [InlineData(0x1F4, 0x100000, 4, "k: offset 0x1F4: syssize says 0x1000000 bytes of protected-mode code; the file has 0x")]
    [InlineData(0x230, 3, 4, "k: offset 0x230: kernel_alignment 0x3 is not a power of two")]
    [InlineData(0x260, 0x10000000, 4, "k: offset 0x260: the kernel's range of 0x10100000 bytes at 0x100000 (its code, then init_size from 0x200000) lies outside RAM, which ends at 0x800000; raise --memory")]
    public void Malformed_setup_header_is_refused_with_the_offset_of_the_bad_field(int offset, uint value, int width, string expected)
    {
        Assert.StartsWith(expected, Refusal.OfPatched(BzImages.Build(), offset, value, width));
    }

    [Fact]
    public void Command_line_longer_than_cmdline_size_is_refused()
    {
        var image = BzImages.Build();
        ElfBuilder.U32(image, 0x238, 4);

        var message = Refusal.Of(new KernelBoot(new BootFile("k", image)) { CommandLine = "console=ttyS0" });

        Assert.Equal("k: the command line is 13 bytes; this kernel takes at most 4 (cmdline_size)", message);
    }

    [Fact]
    public void Initrd_too_large_for_ram_is_refused_naming_the_initrd()
    {
        var message = Refusal.Of(new KernelBoot(new BootFile("k", BzImages.Build())) { Initrd = new BootFile("big", new byte[8 << 20]) });

        Assert.Equal("big: initrd of 8388608 bytes does not fit in free RAM below initrd_addr_max 0x7FFFFFFF; raise --memory", message);
    }

    [Fact]
    public void Modules_are_refused_since_the_protocol_has_only_the_initrd()
    {
        var message = Refusal.Of(new KernelBoot(new BootFile("k", BzImages.Build())) { Modules = [new BootModule(Initrd, "initrd")] });

        Assert.Equal("k: the Linux boot protocol takes one initrd, not modules", message);
    }

}
