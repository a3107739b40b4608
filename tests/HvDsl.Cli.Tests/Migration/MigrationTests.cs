using System;
using System.IO;
using System.Net.Sockets;
using HvDsl.Cli.Migration;
using HvDsl.Runtime.Migration;

namespace HvDsl.Cli.Tests.Migration;

/// <summary><c>hvdsl run --migrate-to</c> into <c>hvdsl migrate --listen</c>: together they are the uninterrupted run.</summary>
public sealed class MigrationTests : IDisposable
{
    private const string Secret = "a migration key of 32 characters";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TestKeys keys = new();

    [Fact]
    public void Kernel_migrated_to_another_process_prints_exactly_the_rest_and_ends_the_same()
    {
        // Both runs start the RTC at one time, so the demo's clock lines agree.
        var whole = Cli.Run("run", "--demo", "kernel", "--rtc-base", "2000-01-01");
        using var receiver = ReceiverProcess.Start(Secret);

        var sent = Cli.Run("run", "--demo", "kernel", "--rtc-base", "2000-01-01", "--migrate-to", $"127.0.0.1:{receiver.Port}", "--at", "1000", "--key-file", keys.File(Secret));
        var received = receiver.Finish();

        Assert.Equal(0, sent.Exit);
        Assert.Equal($"hvdsl run: migrated to 127.0.0.1:{receiver.Port} at instruction 1000\n", sent.Err.ReplaceLineEndings("\n"));
        Assert.Equal(whole.Out, sent.Out + received.Out);
        Assert.Equal(whole.Exit, received.Exit);
        Assert.Equal(0, received.Exit);
        Assert.StartsWith("VM exits by reason:", received.Err);
    }

    [Fact]
    public void A_corrupted_page_is_refused_with_64_and_nothing_runs()
    {
        // Inside the first page's payload, after the frame's 4-byte length.
        var (exit, output, errors) = ReceiveDamaged(bytes => bytes[4 + 100] ^= 0x01);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal("hvdsl migrate: migration page 0 (payload offset 0) does not check: damaged, or not from the key holder", errors.Trim());
    }

    [Fact]
    public void A_forged_end_frame_is_refused_in_the_words_of_the_stream()
    {

        // The end frame's total, after its 4-byte zero length: one more than was sent.
        var (exit, output, errors) = ReceiveDamaged(bytes => bytes[^(PageFrames.TagSize + 8)]++);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal(
            $"hvdsl migrate: migrated machine is unusable: migration end frame (payload offset {Machine().Length}) does not check: damaged, or not from the key holder",
            errors.Trim());
    }

    [Fact]
    public void An_unreachable_target_is_one_line_and_69()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, _, errors) = Cli.Run("run", "--demo", "kernel", "--migrate-to", $"127.0.0.1:{port}", "--at", "1000", "--key-file", keys.File(Secret));

        Assert.Equal(69, exit);
        Assert.Equal($"hvdsl run: cannot connect to 127.0.0.1:{port}: connection refused", errors.Trim());
    }

    [Theory]
    [InlineData("--migrate-to 127.0.0.1:9", "--migrate-to HOST:PORT and --at N go together, and --key-file only with them")]
    [InlineData("--key-file k", "--migrate-to HOST:PORT and --at N go together, and --key-file only with them")]
    [InlineData("--migrate-to localhost --at 5", "--migrate-to must be HOST:PORT with a port from 1 to 65535, not 'localhost'")]
    [InlineData("--migrate-to localhost:0 --at 5", "--migrate-to must be HOST:PORT with a port from 1 to 65535, not 'localhost:0'")]
    [InlineData("--migrate-to localhost:9 --at 0", "--at must be a positive instruction count, not '0'")]
    [InlineData("--migrate-to localhost:9 --at 5 --save-at 5 --snapshot x", "--save-at and --migrate-to each stop the run; give one")]
    public void Bad_migration_arguments_are_one_line_and_64(string arguments, string message)
    {
        var (exit, output, errors) = Cli.Run(["run", "--demo", "kernel", .. arguments.Split(' ')]);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal($"hvdsl run: {message}", errors.Trim());
    }

    /// <summary>The bytes <c>run --migrate-to</c> sends for the kernel demo at instruction 1000, which are the <c>--save-at</c> file's.</summary>
    private static byte[] Machine()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(0, Cli.Run("run", "--demo", "kernel", "--save-at", "1000", "--snapshot", file).Exit);
            return File.ReadAllBytes(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Sends the kernel machine's frames to an in-process receiver after <paramref name="damage"/> has changed them.</summary>
    private (int Exit, string Out, string Err) ReceiveDamaged(Action<byte[]> damage)
    {
        var machine = Machine();
        return Receive(frameKey =>
        {
            var frames = new MemoryStream();
            PageFrames.Write(frames, machine, frameKey);
            var bytes = frames.ToArray();
            damage(bytes);
            return bytes;
        });
    }

    /// <summary>Runs <c>hvdsl migrate --listen 0</c> in-process, proves the key to it and sends <paramref name="frames"/>, made with the frame key.</summary>
    private (int Exit, string Out, string Err) Receive(Func<byte[], byte[]> frames)
    {
        var receiver = new InProcessReceiver("--key-file", keys.File(Secret));
        using (var client = new TcpClient("127.0.0.1", receiver.Port))
        {
            var network = client.GetStream();
            var frameKey = MigrationHandshake.Offer(network, keys.Key(Secret), Patience);
            network.Write(frames(frameKey));
        }
        return receiver.Finish();
    }

    public void Dispose() => keys.Dispose();
}
