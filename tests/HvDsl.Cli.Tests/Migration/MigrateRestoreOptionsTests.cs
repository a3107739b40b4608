using System;
using System.IO;
using System.Threading.Tasks;
using HvDsl.Cli.Tests.Run;
using HvDsl.Cli.Tests.Serve;
using TinyBoard;

namespace HvDsl.Cli.Tests.Migration;

/// <summary><c>hvdsl migrate --input FILE|-</c>, <c>--com2 tcp:HOST:PORT</c> and <c>--machine ASSEMBLY[:TYPE]</c>, as <c>resume</c> takes them.</summary>
public sealed class MigrateRestoreOptionsTests : IDisposable
{
    private const string Secret = "a migration key of 32 characters";
    private readonly TestKeys keys = new();
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-migrate-").FullName;

    public void Dispose()
    {
        keys.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void Migrate_with_input_feeds_com1_from_the_received_point_and_its_interrupt_wakes_the_guest()
    {
        var input = Path.Combine(scratch, "input.txt");
        File.WriteAllText(input, "first line\nsecond line\n");
        var image = GuestCode.WriteBytes(scratch, SerialEchoGuest.ByInterrupt(0x3F8, 4, 0x08));
        var key = keys.File(Secret);
        var receiver = new InProcessReceiver("--key-file", key, "--input", input);

        var sent = Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SerialEchoGuest.SleeperEntry}",
            "--migrate-to", $"127.0.0.1:{receiver.Port}", "--at", "2", "--key-file", key);
        var (exit, output, errors) = receiver.Finish();

        Assert.True(sent.Exit == 0, sent.Err);
        Assert.Equal("", sent.Out);
        Assert.True(exit == 0, errors);
        Assert.Equal("first line\n", output);
    }

    [Fact]
    public async Task Migrate_with_com2_connects_the_received_guest_to_the_host_service_when_it_raises_dtr()
    {
        await using var host = Loopback.Host(new FrozenClock(new DateTimeOffset(2026, 12, 1, 16, 52, 53, TimeSpan.Zero)), SpecLibraryServices.Generated("TimeServer"));
        var image = GuestCode.WriteBytes(scratch, SerialEchoGuest.ByInterrupt(0x2F8, irq: 3, 0x09));
        var key = keys.File(Secret);
        var receiver = new InProcessReceiver("--key-file", key, "--com2", $"tcp:127.0.0.1:{host.GetEndPoint("TimeServer").Port}");

        // Sent before the guest raises DTR, so the connection is the receiver's to make.
        var sent = await Task.Run(() => Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SerialEchoGuest.SleeperEntry}",
            "--migrate-to", $"127.0.0.1:{receiver.Port}", "--at", "2", "--key-file", key));
        var (exit, output, errors) = await Task.Run(receiver.Finish);

        Assert.True(sent.Exit == 0, sent.Err);
        Assert.True(exit == 0, errors);
        Assert.Equal("Tue Dec 1 16:52:53 2026\r\n", output);
    }

    [Fact]
    public void Board_migrated_with_machine_continues_on_the_same_board_to_the_rest_of_its_output()
    {
        var board = typeof(TinyBoardMachine).Assembly.Location;
        var image = Path.Combine(scratch, "tiny.bin");
        File.WriteAllBytes(image, TinyGuest.Build());
        var key = keys.File(Secret);
        var receiver = new InProcessReceiver("--key-file", key, "--machine", board);

        var sent = Cli.Run("run", "--machine", board, "--image", image, "--mode", "real", "--load", "0x1000",
            "--migrate-to", $"127.0.0.1:{receiver.Port}", "--at", "60", "--key-file", key);
        var (exit, after, _) = receiver.Finish();

        Assert.True(sent.Exit == 0, sent.Err);
        Assert.Equal(TinyGuest.ExitStatus, exit);
        Assert.Equal(TinyGuest.Output, sent.Out + after);
    }

    [Fact]
    public void Migrate_with_a_missing_input_file_exits_64_without_listening()
    {
        var input = Path.Combine(scratch, "missing.txt");

        var (exit, _, errors) = Cli.Run("migrate", "--listen", "0", "--key-file", keys.File(Secret), "--input", input);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl migrate: cannot read input {input}: ", errors);
    }

    [Fact]
    public void Migrate_with_a_missing_machine_assembly_exits_64_without_listening()
    {
        var board = Path.Combine(scratch, "missing.dll");

        var (exit, _, errors) = Cli.Run("migrate", "--listen", "0", "--key-file", keys.File(Secret), "--machine", board);

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl migrate: --machine: no such assembly {board}", errors.TrimEnd());
    }
}
