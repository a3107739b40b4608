using System;
using System.IO;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Cli.Migration;

namespace HvDsl.Cli.Tests.Migration;

/// <summary><c>hvdsl run --migrate-to</c> into <c>hvdsl migrate --listen</c>: together they are the uninterrupted run.</summary>
public sealed partial class MigrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Kernel_migrated_to_another_process_prints_exactly_the_rest_and_ends_the_same()
    {
        var whole = Cli.Run("run", "--demo", "kernel");
        using var receiver = ReceiverProcess.Start();

        var sent = Cli.Run("run", "--demo", "kernel", "--migrate-to", $"127.0.0.1:{receiver.Port}", "--at", "1000");
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
        var frames = new MemoryStream();
        PageFrames.Write(frames, Machine());
        var bytes = frames.ToArray();
        // Inside the first page's payload: after the 10-byte stream header and the frame's 4-byte length.
        bytes[10 + 4 + 100] ^= 0x01;

        var (exit, output, errors) = Receive(bytes);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal("hvdsl migrate: migration page 0 (payload offset 0) checksum does not match", errors.Trim());
    }

    [Fact]
    public void An_unreachable_target_is_one_line_and_69()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var (exit, _, errors) = Cli.Run("run", "--demo", "kernel", "--migrate-to", $"127.0.0.1:{port}", "--at", "1000");

        Assert.Equal(69, exit);
        Assert.Equal($"hvdsl run: cannot connect to 127.0.0.1:{port}: connection refused", errors.Trim());
    }

    [Theory]
    [InlineData("--migrate-to 127.0.0.1:9", "--migrate-to HOST:PORT and --at N go together")]
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

    /// <summary>Runs <c>hvdsl migrate --listen 0</c> in-process and sends it <paramref name="wire"/> raw.</summary>
    private static (int Exit, string Out, string Err) Receive(byte[] wire)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var errors = TextWriter.Synchronized(stderr);
        var receiver = Task.Run(() => HvDslCommand.Run(["migrate", "--listen", "0"], stdout, errors));
        var port = 0;
        for (var waited = TimeSpan.Zero; port == 0; waited += TimeSpan.FromMilliseconds(20))
        {
            if (waited > Patience || receiver.IsCompleted) throw new InvalidOperationException($"no listening line: {stderr}");
            Thread.Sleep(20);
            string seen;
            // The synchronized writer locks itself, so reading under that lock never sees a half-written line.
            lock (errors) seen = stderr.ToString();
            if (ListeningLine().Match(seen) is { Success: true } match) port = int.Parse(match.Groups[1].Value);
        }
        using (var client = new TcpClient("127.0.0.1", port)) client.GetStream().Write(wire);
        Assert.True(receiver.Wait(Patience), "hvdsl migrate did not end");
        var lines = stderr.ToString();
        return (receiver.Result, stdout.ToString(), lines[(lines.IndexOf('\n') + 1)..]);
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
