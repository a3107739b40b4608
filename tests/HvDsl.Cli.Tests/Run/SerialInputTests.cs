using System;
using System.IO;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>hvdsl run --input FILE</c>: the file's bytes reach COM1's receiver.</summary>
public sealed class SerialInputTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-run-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void A_guest_echoing_com1_to_port_e9_prints_the_input_files_first_line()
    {
        var input = Path.Combine(scratch, "input.txt");
        File.WriteAllText(input, "first line\nsecond line\n");
        var image = GuestCode.Write(scratch, 16, EchoFirstLine);

        var (exit, output, _) = Cli.Run("run", "--image", image, "--mode", "real", "--input", input, "--max-instructions", "100000000");

        Assert.Equal(0, exit);
        Assert.Equal("first line\n", output);
    }

    [Fact]
    public void A_missing_input_file_exits_64()
    {
        var image = GuestCode.Write(scratch, 16, a => { a.cli(); a.hlt(); });
        var input = Path.Combine(scratch, "missing.txt");

        var (exit, _, errors) = Cli.Run("run", "--image", image, "--mode", "real", "--input", input);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl run: cannot read input {input}: ", errors);
    }

    /// <summary>Polls LSR bit 0 (data ready), copies RBR to port 0xE9, and halts with IF = 0 after the first '\n'.</summary>
    private static void EchoFirstLine(Assembler a)
    {
        var poll = a.CreateLabel();
        a.cli();
        a.Label(ref poll);
        a.mov(dx, 0x3FD);
        a.@in(al, dx);
        a.test(al, 1);
        a.jz(poll);
        a.mov(dx, 0x3F8);
        a.@in(al, dx);
        a.@out(0xE9, al);
        a.cmp(al, (byte)'\n');
        a.jne(poll);
        a.hlt();
    }
}
