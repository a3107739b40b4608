using System;
using System.IO;
using System.Text;
using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime.Tests.Gcc;

/// <summary>
/// A C program compiled once by the host's gcc at -O2 (default x86-64 flags: SSE2 for float and double, x87 for long
/// double, inlined memcpy/memset/strlen and 128-bit moves, vectorized loops) and linked twice: natively against the C
/// library, and freestanding into a flat guest image. Both runs must print the same text.
/// </summary>
public sealed class GccProgramTests
{
    private const ulong BootArea = 0x10000, Image = 0x100000, Stack = 0x80000, Output = 0x300000;
    private const int OutputLimit = 1 << 16;

    [GccFact]
    public void Floating_point_program_compiled_by_gcc_at_O2_prints_in_the_guest_what_it_prints_natively()
    {
        var directory = Directory.CreateTempSubdirectory("hvdsl-gcc-").FullName;
        try
        {
            var programs = Path.Combine(AppContext.BaseDirectory, "Gcc", "Programs");
            string Source(string name) => Path.Combine(programs, name);
            GccToolchain.Run(directory, "gcc", "-O2", "-fno-pie", "-fno-stack-protector", "-fno-math-errno", "-c", Source("floating.c"), "-o", "floating.o");
            GccToolchain.Run(directory, "gcc", "-O2", "-no-pie", "floating.o", Source("native-main.c"), "-o", "native");
            GccToolchain.Run(directory, "gcc", "-O2", "-ffreestanding", "-fno-pie", "-fno-tree-loop-distribute-patterns", "-c", Source("guest-support.c"), "-o", "support.o");
            GccToolchain.Run(directory, "gcc", "-c", Source("guest-start.S"), "-o", "start.o");
            GccToolchain.Run(directory, "gcc", "-nostdlib", "-static", "-no-pie", "-Wl,--build-id=none", "-T", Source("guest.ld"),
                "start.o", "floating.o", "support.o", "-lgcc", "-o", "guest.elf");
            GccToolchain.Run(directory, "objcopy", "-O", "binary", "guest.elf", "guest.bin");
            var native = GccToolchain.Run(directory, Path.Combine(directory, "native"));

            var guest = RunGuest(File.ReadAllBytes(Path.Combine(directory, "guest.bin")));

            Assert.Contains("e-long-double ", native);
            Assert.Equal(native, guest);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Boots the flat image in long mode at <see cref="Image"/>, runs it to HLT and returns the NUL-terminated text it left at <see cref="Output"/>.</summary>
    private static string RunGuest(byte[] image)
    {
        using var vm = Vm.WithMemory(4);
        vm.Memory.Load(Image, image);
        GuestBoot.Long(vm, BootArea, Image, Stack);
        var exit = vm.Run(50_000_000);
        Assert.True(exit.Reason == ExitReason.Halt, $"expected HLT, got {exit} at RIP {vm.Cpu.Rip:X}");
        var bytes = new byte[OutputLimit];
        Assert.True(vm.Memory.Read(Output, bytes));
        var end = Array.IndexOf(bytes, (byte)0);
        Assert.True(end >= 0, $"the guest left no NUL-terminated output within {OutputLimit} bytes");
        return Encoding.ASCII.GetString(bytes, 0, end);
    }
}
