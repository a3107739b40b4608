using System;
using HvDsl.Runtime.Boot;

namespace HvDsl.Runtime.Tests.Boot;

/// <summary>Checks that a loader refuses a boot with one located line and leaves the VM as it was.</summary>
internal static class Refusal
{
    /// <summary>Loads <paramref name="boot"/> into a fresh 8 MiB VM and returns the refusal's message after checking the VM is untouched.</summary>
    public static string Of(KernelBoot boot, ulong memoryBytes = 8 << 20)
    {
        using var vm = new Vm(memoryBytes);
        var rip = vm.Cpu.Rip;
        var error = Assert.Throws<KernelImageException>(() => KernelLoader.Load(vm, boot));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(rip, vm.Cpu.Rip);
        Span<byte> page = stackalloc byte[4096];
        for (ulong at = 0; at < memoryBytes; at += 4096)
        {
            Assert.True(vm.Memory.Read(at, page));
            Assert.True(page.IndexOfAnyExcept((byte)0) < 0, $"the refused load wrote to the page at 0x{at:X}");
        }
        return error.Message;
    }

    /// <summary>The refusal of <paramref name="image"/> after writing the low <paramref name="width"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    public static string OfPatched(byte[] image, int offset, uint value, int width)
    {
        for (var i = 0; i < width; i++)
            image[offset + i] = (byte)(value >> (8 * i));
        return Of(image);
    }

    /// <summary>The refusal of <paramref name="image"/> named k, booted by <paramref name="format"/> or detection.</summary>
    public static string Of(byte[] image, KernelFormat? format = null) => Of(new KernelBoot(new BootFile("k", image)) { Format = format });
}
