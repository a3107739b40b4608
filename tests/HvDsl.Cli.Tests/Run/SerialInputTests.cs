using System;
using System.IO;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>hvdsl run --input FILE</c> and <c>hvdsl resume --input FILE</c>: the file's bytes reach COM1's receiver, polled or by its receive interrupt.</summary>
public sealed class SerialInputTests : IDisposable
{
    /// <summary>Where the guest of <see cref="EchoFirstLineByInterrupt"/> starts.</summary>
    internal const int SleeperEntry = 0x1040;

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
    public void Input_raises_com1s_receive_interrupt_and_wakes_a_guest_halted_with_interrupts_on()
    {
        var input = Path.Combine(scratch, "input.txt");
        File.WriteAllText(input, "first line\nsecond line\n");
        var image = GuestCode.WriteBytes(scratch, EchoFirstLineByInterrupt());

        var (exit, output, errors) = Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SleeperEntry}", "--input", input, "--max-instructions", "100000000");

        Assert.True(exit == 0, errors);
        Assert.Equal("first line\n", output);
    }

    [Fact]
    public void Resume_with_input_feeds_com1_from_the_saved_point_and_its_interrupt_wakes_the_guest()
    {
        var input = Path.Combine(scratch, "input.txt");
        File.WriteAllText(input, "first line\nsecond line\n");
        var image = GuestCode.WriteBytes(scratch, EchoFirstLineByInterrupt());
        var snapshot = Path.Combine(scratch, "sleeper.snap");
        var (saved, _, saveErrors) = Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SleeperEntry}", "--save-at", "2", "--snapshot", snapshot);
        Assert.True(saved == 0, saveErrors);

        var (exit, output, errors) = Cli.Run("resume", snapshot, "--input", input, "--max-instructions", "100000000");

        Assert.True(exit == 0, errors);
        Assert.Equal("first line\n", output);
    }

    [Fact]
    public void Resume_with_a_missing_input_file_exits_64_before_reading_the_snapshot()
    {
        var input = Path.Combine(scratch, "missing.txt");

        var (exit, _, errors) = Cli.Run("resume", Path.Combine(scratch, "no.snap"), "--input", input);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl resume: cannot read input {input}: ", errors);
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

    /// <summary>
    /// At 0x1000, COM1's interrupt handler: drains the receiver to port 0xE9 and halts with IF = 0 after the first '\n'.
    /// At <see cref="SleeperEntry"/>: sets up the PIC (IRQ 4 at vector 0x24) and COM1's receive interrupt with OUT2,
    /// then sleeps in STI; HLT.
    /// </summary>
    internal static byte[] EchoFirstLineByInterrupt()
    {
        var handler = GuestCode.Assemble(16, a =>
        {
            var done = a.CreateLabel();
            EchoToNewline(a, whenEmpty: done);
            a.Label(ref done);
            a.mov(al, 0x20);
            a.@out(0x20, al);
            a.iret();
        }, 0x1000);
        var sleeper = GuestCode.Assemble(16, a =>
        {
            var sleep = a.CreateLabel();
            a.cli();
            foreach (var (port, value) in new (byte, byte)[] { (0x20, 0x11), (0x21, 0x20), (0x21, 0x04), (0x21, 0x01), (0x21, 0xEF), (0xA0, 0x11), (0xA1, 0x28), (0xA1, 0x02), (0xA1, 0x01), (0xA1, 0xFF) })
            {
                a.mov(al, value);
                a.@out(port, al);
            }
            a.xor(ax, ax);
            a.mov(ds, ax);
            a.mov(__word_ptr[0x24 * 4], 0x1000);
            a.mov(__word_ptr[0x24 * 4 + 2], ax);
            a.mov(dx, 0x3F9);
            a.mov(al, 0x01);
            a.@out(dx, al);
            a.mov(dx, 0x3FC);
            a.mov(al, 0x08);
            a.@out(dx, al);
            a.Label(ref sleep);
            a.sti();
            a.hlt();
            a.jmp(sleep);
        }, SleeperEntry);
        return [.. handler, .. new byte[SleeperEntry - 0x1000 - handler.Length], .. sleeper];
    }

    /// <summary>Polls LSR bit 0 (data ready), copies RBR to port 0xE9, and halts with IF = 0 after the first '\n'.</summary>
    private static void EchoFirstLine(Assembler a)
    {
        a.cli();
        EchoToNewline(a, whenEmpty: null);
    }

    /// <summary>Copies received bytes to port 0xE9 and halts after a '\n'; an empty receiver jumps to <paramref name="whenEmpty"/>, or polls again when null.</summary>
    private static void EchoToNewline(Assembler a, Label? whenEmpty)
    {
        var next = a.CreateLabel();
        a.Label(ref next);
        a.mov(dx, 0x3FD);
        a.@in(al, dx);
        a.test(al, 1);
        a.jz(whenEmpty ?? next);
        a.mov(dx, 0x3F8);
        a.@in(al, dx);
        a.@out(0xE9, al);
        a.cmp(al, (byte)'\n');
        a.jne(next);
        a.hlt();
    }
}
