using System;
using System.IO;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>hvdsl run --input FILE</c> and <c>hvdsl resume --input FILE</c>: the file's bytes reach COM1's receiver, polled or by its receive interrupt.</summary>
public sealed class SerialInputTests : IDisposable
{
    private const ushort Com1 = 0x3F8;
    private const int SleeperEntry = SerialEchoGuest.SleeperEntry;

    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-run-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void A_guest_echoing_com1_to_port_e9_prints_the_input_files_first_line()
    {
        var input = Path.Combine(scratch, "input.txt");
        File.WriteAllText(input, "first line\nsecond line\n");
        var image = GuestCode.Write(scratch, 16, a => SerialEchoGuest.Polling(a, Com1));

        var (exit, output, _) = Cli.Run("run", "--image", image, "--mode", "real", "--input", input, "--max-instructions", "100000000");

        Assert.Equal(0, exit);
        Assert.Equal("first line\n", output);
    }

    [Fact]
    public void Input_raises_com1s_receive_interrupt_and_wakes_a_guest_halted_with_interrupts_on()
    {
        var input = Path.Combine(scratch, "input.txt");
        File.WriteAllText(input, "first line\nsecond line\n");
        var image = GuestCode.WriteBytes(scratch, SerialEchoGuest.ByInterrupt(Com1, irq: 4, modemControl: 0x08));

        var (exit, output, errors) = Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SleeperEntry}", "--input", input, "--max-instructions", "100000000");

        Assert.True(exit == 0, errors);
        Assert.Equal("first line\n", output);
    }

    [Fact]
    public void Resume_with_input_feeds_com1_from_the_saved_point_and_its_interrupt_wakes_the_guest()
    {
        var input = Path.Combine(scratch, "input.txt");
        File.WriteAllText(input, "first line\nsecond line\n");
        var image = GuestCode.WriteBytes(scratch, SerialEchoGuest.ByInterrupt(Com1, irq: 4, modemControl: 0x08));
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
}
