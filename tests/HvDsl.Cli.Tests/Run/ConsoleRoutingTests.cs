using System;
using System.IO;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>--serial</c> and <c>--debugcon</c>: each guest console goes to standard output, a file or nowhere.</summary>
public sealed class ConsoleRoutingTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-run-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void By_default_both_consoles_share_standard_output()
    {
        var (exit, output, _) = Cli.Run("run", "--image", GuestCode.Write(scratch, 16, SerialThenDebug), "--mode", "real");

        Assert.Equal(0, exit);
        Assert.Equal("SD", output);
    }

    [Fact]
    public void Serial_to_a_file_leaves_only_the_debug_console_on_standard_output()
    {
        var serial = Path.Combine(scratch, "com1.txt");

        var (exit, output, _) = Cli.Run("run", "--image", GuestCode.Write(scratch, 16, SerialThenDebug), "--mode", "real", "--serial", serial);

        Assert.Equal(0, exit);
        Assert.Equal("D", output);
        Assert.Equal("S", File.ReadAllText(serial));
    }

    [Fact]
    public void Debugcon_to_a_file_and_serial_to_null_print_nothing_on_standard_output()
    {
        var debug = Path.Combine(scratch, "e9.txt");

        var (exit, output, _) = Cli.Run("run", "--image", GuestCode.Write(scratch, 16, SerialThenDebug), "--mode", "real",
            "--serial", "null", "--debugcon", debug);

        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Equal("D", File.ReadAllText(debug));
    }

    [Fact]
    public void Resume_routes_the_consoles_as_run_does()
    {
        var snapshot = Path.Combine(scratch, "run.snap");
        var serial = Path.Combine(scratch, "com1.txt");
        Assert.Equal(0, Cli.Run("run", "--image", GuestCode.Write(scratch, 16, SerialThenDebug), "--mode", "real", "--save-at", "1", "--snapshot", snapshot).Exit);

        var (exit, output, _) = Cli.Run("resume", snapshot, "--serial", serial, "--debugcon", "null");

        Assert.Equal(0, exit);
        Assert.Empty(output);
        Assert.Equal("S", File.ReadAllText(serial));
    }

    [Fact]
    public void An_unwritable_console_file_exits_64_naming_the_option()
    {
        var file = Path.Combine(scratch, "no-such-folder", "com1.txt");

        var (exit, _, errors) = Cli.Run("run", "--image", GuestCode.Write(scratch, 16, SerialThenDebug), "--mode", "real", "--serial", file);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl run: --serial cannot write {file}: ", errors);
    }

    /// <summary>'S' to COM1's transmitter, 'D' to port 0xE9, then HLT with IF = 0.</summary>
    private static void SerialThenDebug(Assembler a)
    {
        a.cli();
        a.mov(dx, 0x3F8);
        a.mov(al, (byte)'S');
        a.@out(dx, al);
        a.mov(al, (byte)'D');
        a.@out(0xE9, al);
        a.hlt();
    }
}
