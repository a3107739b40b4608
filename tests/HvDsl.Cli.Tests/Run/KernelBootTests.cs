using System;
using System.IO;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>hvdsl run --kernel</c>: kernels boot by their own protocol, with what <c>--append</c>, <c>--initrd</c> and <c>--module</c> give.</summary>
public sealed class KernelBootTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-kernel-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    /// <summary>
    /// A multiboot kernel (header with address fields, loaded at 1 MiB) that prints each module's bytes, a space and its
    /// string, one module a line, then its command line, on port 0xE9.
    /// </summary>
    private string MultibootKernel() => GuestCode.WriteMultiboot(scratch, a =>
    {
        var next = a.CreateLabel();
        var commandLine = a.CreateLabel();
        a.mov(esp, 0x200000);
        a.mov(dx, 0xE9);
        a.mov(edi, __dword_ptr[ebx + 24]);
        a.mov(ebp, __dword_ptr[ebx + 20]);
        a.Label(ref next);
        a.test(ebp, ebp);
        a.jz(commandLine);
        a.mov(esi, __dword_ptr[edi]);
        a.mov(ecx, __dword_ptr[edi + 4]);
        a.sub(ecx, esi);
        a.rep.outsb();
        a.mov(al, (byte)' ');
        a.@out(dx, al);
        a.mov(esi, __dword_ptr[edi + 8]);
        Puts(a);
        a.mov(al, (byte)'\n');
        a.@out(dx, al);
        a.add(edi, 16);
        a.dec(ebp);
        a.jmp(next);
        a.Label(ref commandLine);
        a.mov(esi, __dword_ptr[ebx + 16]);
        Puts(a);
        a.hlt();
    });

    /// <summary>Writes the zero-terminated string at ESI to DX.</summary>
    private static void Puts(Assembler a)
    {
        var loop = a.CreateLabel();
        var done = a.CreateLabel();
        a.Label(ref loop);
        a.lodsb();
        a.test(al, al);
        a.jz(done);
        a.@out(dx, al);
        a.jmp(loop);
        a.Label(ref done);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(scratch, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Multiboot_kernel_gets_the_command_line_initrd_and_modules_with_their_arguments()
    {
        var kernel = MultibootKernel();
        var initrd = Write("initrd", "RD");
        var env = Write("env", "NR_CPUS=1");
        var last = Write("last", "Z");

        var (exit, output, errors) = Cli.Run("run", "--kernel", kernel, "--append", "-v fast", "--initrd", initrd, "--module", $"{env},x=1 y", "--module", last);

        Assert.True(exit == 0, errors);
        Assert.Equal($"RD {initrd}\nNR_CPUS=1 {env} x=1 y\nZ {last}\n{kernel} -v fast", output);
    }

    [Fact]
    public void Append_also_reaches_the_kernel_through_fw_cfg()
    {
        // Selects fw_cfg item 0x15 (the command line) and copies its bytes to port 0xE9 up to the NUL.
        var kernel = GuestCode.WriteMultiboot(scratch, a =>
        {
            var next = a.CreateLabel();
            var done = a.CreateLabel();
            a.mov(dx, 0x510);
            a.mov(ax, 0x15);
            a.@out(dx, ax);
            a.Label(ref next);
            a.mov(dx, 0x511);
            a.@in(al, dx);
            a.test(al, al);
            a.jz(done);
            a.mov(dx, 0xE9);
            a.@out(dx, al);
            a.jmp(next);
            a.Label(ref done);
            a.hlt();
        });

        var (exit, output, errors) = Cli.Run("run", "--kernel", kernel, "--append", "console=ttyS0 quiet");

        Assert.True(exit == 0, errors);
        Assert.Equal("console=ttyS0 quiet", output);
    }

    [Fact]
    public void Kernel_run_saved_and_resumed_prints_what_the_uninterrupted_run_prints()
    {
        var kernel = MultibootKernel();
        var env = Write("env", "NR_CPUS=1");
        var snapshot = Path.Combine(scratch, "kernel.snap");
        var whole = Cli.Run("run", "--kernel", kernel, "--module", env);

        var saved = Cli.Run("run", "--kernel", kernel, "--module", env, "--save-at", "20", "--snapshot", snapshot);
        var resumed = Cli.Run("resume", snapshot);

        Assert.Equal((0, 0), (saved.Exit, resumed.Exit));
        Assert.NotEmpty(resumed.Out);
        Assert.Equal(whole.Out, saved.Out + resumed.Out);
    }

    [Fact]
    public void Malformed_kernel_exits_64_with_one_located_line()
    {
        var kernel = Path.Combine(scratch, "bad.elf");
        File.WriteAllBytes(kernel, [0x7F, (byte)'E', (byte)'L', (byte)'F', 9, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        var (exit, _, errors) = Cli.Run("run", "--kernel", kernel);

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl run: {kernel}: offset 0x4: ELF class 9 is neither 1 (32-bit) nor 2 (64-bit)", errors.TrimEnd());
    }

    [Fact]
    public void Loader_override_refuses_a_kernel_of_another_format()
    {
        var (exit, _, errors) = Cli.Run("run", "--kernel", MultibootKernel(), "--loader", "linux");

        Assert.Equal(64, exit);
        Assert.EndsWith(": offset 0x202: no \"HdrS\" signature: not a Linux bzImage", errors.TrimEnd());
    }

    [Theory]
    [InlineData("--loader", "coff", "--loader must be elf, multiboot, pvh or linux, not 'coff'")]
    [InlineData("--mode", "long", "--kernel boots by the kernel's own protocol")]
    [InlineData("--module", "missing.bin", "cannot read module missing.bin")]
    [InlineData("--initrd", "missing.bin", "cannot read initrd missing.bin")]
    public void Bad_kernel_option_exits_64_with_one_line(string option, string value, string expected)
    {
        var (exit, _, errors) = Cli.Run("run", "--kernel", MultibootKernel(), option, value);

        Assert.Equal(64, exit);
        Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.Contains(expected, errors);
    }

    [Fact]
    public void Kernel_with_a_demo_exits_64_instead_of_ignoring_one()
    {
        var (exit, _, errors) = Cli.Run("run", "--demo", "hello", "--kernel", MultibootKernel());

        Assert.Equal(64, exit);
        Assert.Equal("hvdsl run: --demo sets the image, mode, load address and entry itself; drop --image, --kernel, --mode, --load and --entry", errors.TrimEnd());
    }

    [Fact]
    public void Kernel_options_without_a_kernel_exit_64()
    {
        var image = GuestCode.Write(scratch, 16, a => a.hlt());

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "real", "--append", "quiet");

        Assert.Equal(64, exit);
        Assert.Equal("hvdsl run: --initrd, --append, --module and --loader go with --kernel FILE", errors.TrimEnd());
    }
}
