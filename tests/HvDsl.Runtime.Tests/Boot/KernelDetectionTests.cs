using System;
using HvDsl.Runtime.Boot;

namespace HvDsl.Runtime.Tests.Boot;

public sealed class KernelDetectionTests
{
    public static TheoryData<string, KernelFormat> Images => new()
    {
        { "elf32", KernelFormat.Elf },
        { "elf64", KernelFormat.Elf },
        { "multiboot-elf", KernelFormat.Multiboot },
        { "multiboot-flat", KernelFormat.Multiboot },
        { "pvh", KernelFormat.Pvh },
        { "bzimage", KernelFormat.Linux },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Format_is_read_from_the_file_itself(string image, KernelFormat expected)
    {
        Assert.Equal(expected, KernelLoader.Detect(new BootFile("k", Build(image))));
    }

    [Fact]
    public void File_of_no_known_format_is_refused_with_what_was_looked_for()
    {
        Assert.Equal(
            "k: offset 0x0: not a kernel: no multiboot header in the first 8 KiB, no Linux \"HdrS\" at 0x202 and no ELF magic (boot a flat binary with --image)",
            Refusal.Of(new byte[4096]));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_truncation_of_a_valid_image_loads_or_is_refused_with_a_kernel_image_error(string image, KernelFormat format)
    {
        var bytes = Build(image);
        using var vm = new Vm(32 << 20);
        // Every prefix, so each header field in turn is the first one cut.
        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                KernelLoader.Load(vm, new KernelBoot(new BootFile("k", bytes[..length])) { Format = format });
            }
            catch (KernelImageException error)
            {
                Assert.DoesNotContain('\n', error.Message);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Every_header_byte_set_to_all_ones_loads_or_is_refused_with_a_kernel_image_error(string image, KernelFormat format)
    {
        var bytes = Build(image);
        using var vm = new Vm(8 << 20);
        // The headers all lie in the first 0x300 bytes: ELF and program headers, the multiboot header, the setup header.
        for (var at = 0; at < Math.Min(bytes.Length, 0x300); at++)
        {
            var corrupt = (byte[])bytes.Clone();
            corrupt[at] = 0xFF;
            try
            {
                KernelLoader.Load(vm, new KernelBoot(new BootFile("k", corrupt)) { Format = format });
            }
            catch (KernelImageException error)
            {
                Assert.DoesNotContain('\n', error.Message);
            }
        }
    }

    private static byte[] Build(string image) => image switch
    {
        "elf32" => new ElfBuilder(is64: false) { Entry = 0x200000 }.Load(0x200000, [0xF4]).Build(),
        "elf64" => new ElfBuilder(is64: true) { Entry = 0x200000 }.Load(0x200000, [0xF4]).Build(),
        "multiboot-elf" => MultibootImages.Elf(),
        "multiboot-flat" => MultibootImages.Flat(),
        "pvh" => new ElfBuilder(is64: true) { Entry = 0x200000 }.Load(0x200000, [0xF4]).Note("Xen", 18, BitConverter.GetBytes(0x200000u)).Build(),
        _ => BzImages.Build(),
    };
}
