using System;
using System.IO;
using HvDsl.Cli.Tests.Run;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary><c>hvdsl kvm-unit-tests</c> boots each test in its own <c>hvdsl run --kernel</c> and reads what it reports.</summary>
public sealed class KvmUnitTestsCommandTests : IDisposable
{
    private readonly string _suite = Directory.CreateTempSubdirectory("hvdsl-kut-").FullName;

    public void Dispose() => Directory.Delete(_suite, recursive: true);

    /// <summary>A multiboot kernel at 1 MiB that prints its arguments (the command line after the kernel's name) and a newline on port 0xE9, then writes status 0 to port 0xF4.</summary>
    private void EchoKernel(string name) => Kernel(name, a =>
    {
        var kernelName = a.CreateLabel();
        var loop = a.CreateLabel();
        var done = a.CreateLabel();
        a.mov(esi, __dword_ptr[ebx + 16]);
        a.mov(dx, 0xE9);
        a.Label(ref kernelName);
        a.lodsb();
        a.cmp(al, (byte)' ');
        a.jne(kernelName);
        a.Label(ref loop);
        a.lodsb();
        a.test(al, al);
        a.jz(done);
        a.@out(dx, al);
        a.jmp(loop);
        a.Label(ref done);
        a.mov(al, (byte)'\n');
        a.@out(dx, al);
        a.xor(eax, eax);
        a.@out(0xF4, eax);
        a.hlt();
    });

    private void Kernel(string name, Action<Assembler> body)
    {
        var path = GuestCode.WriteMultiboot(_suite, body);
        Directory.CreateDirectory(Path.Combine(_suite, "x86"));
        File.Move(path, Path.Combine(_suite, "x86", name));
    }

    [Fact]
    public void Each_test_runs_in_its_own_hvdsl_and_is_read_by_its_status_and_summary_and_a_spinning_one_is_ended()
    {
        EchoKernel("echo.flat");
        Kernel("spin.flat", a =>
        {
            var spin = a.CreateLabel();
            a.Label(ref spin);
            a.jmp(spin);
        });
        File.WriteAllText(Path.Combine(_suite, "unittests.cfg"),
            "[echo]\nfile = echo.flat\nqemu_params = -cpu max -append 'SUMMARY: 1 tests'\n[spin]\nfile = spin.flat\ntimeout = 1\n");

        var (exit, output, errors) = Cli.Run("kvm-unit-tests", "--dir", _suite);

        var lines = output.ReplaceLineEndings("\n").Split('\n');
        Assert.True(exit == ExitStatus.Problems, $"exit {exit}: {output}{errors}");
        Assert.Equal("PASS echo (1 tests)", lines[0]);
        Assert.StartsWith("FAIL spin (", lines[1]);
        Assert.Equal("kvm-unit-tests: 1 passed, 1 failed, 0 skipped", lines[2]);
    }

    [Fact]
    public void A_folder_without_the_suites_layout_is_refused_in_one_line()
    {
        var (exit, _, errors) = Cli.Run("kvm-unit-tests", "--dir", _suite);

        Assert.Equal(ExitStatus.Usage, exit);
        Assert.Equal($"hvdsl kvm-unit-tests: {_suite} has no unittests.cfg and x86/ folder", errors.Trim());
    }
}
