using System;
using System.Buffers.Binary;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using HvDsl.Cli.Migration;

namespace HvDsl.Cli.Tests.Migration;

/// <summary>Both ends of a migration prove the shared key before the machine crosses; without it nothing is sent or used.</summary>
public sealed class MigrationAuthenticationTests : IDisposable
{
    private const string Secret = "the key both sides were given";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TestKeys keys = new();

    public void Dispose() => keys.Dispose();

    [Fact]
    public void A_sender_with_another_key_is_refused_before_any_frame_is_read()
    {
        var receiver = new InProcessReceiver("--key-file", keys.File(Secret));
        Exception? senderSaw;
        using (var client = new TcpClient("127.0.0.1", receiver.Port))
        {
            var network = client.GetStream();
            senderSaw = Record.Exception(() => MigrationHandshake.Offer(network, keys.Key("a different key of some length"), Patience));
        }

        var (exit, output, errors) = receiver.Finish();

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal("hvdsl migrate: migration sender did not prove the migration key; nothing was received", errors.Trim());
        Assert.IsType<MigrationException>(senderSaw);
    }

    [Fact]
    public void A_sender_that_skips_the_handshake_is_refused()
    {
        var receiver = new InProcessReceiver("--key-file", keys.File(Secret));
        using (var client = new TcpClient("127.0.0.1", receiver.Port))
        {
            // What an hvdsl before the handshake sent: the magic, version 1, then frames at once.
            var old = new byte[10 + 64];
            "HVDSLMIG"u8.CopyTo(old);
            BinaryPrimitives.WriteUInt16LittleEndian(old.AsSpan(8), 1);
            client.GetStream().Write(old);
        }

        var (exit, output, errors) = receiver.Finish();

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal("hvdsl migrate: migration sender speaks migration version 1; this hvdsl speaks version 2", errors.Trim());
    }

    [Fact]
    public async Task A_target_that_cannot_prove_the_key_is_sent_nothing_of_the_machine()
    {
        using var impostor = new TcpListener(IPAddress.Loopback, 0);
        impostor.Start();
        var port = ((IPEndPoint)impostor.LocalEndpoint).Port;
        var heard = Task.Run(async () =>
        {
            using var client = await impostor.AcceptTcpClientAsync();
            var network = client.GetStream();
            var greeting = new byte[42];
            "HVDSLMIG"u8.CopyTo(greeting);
            greeting[8] = 2;
            await network.WriteAsync(greeting);
            // The sender's greeting and proof, then a proof of its own that is only zeros.
            var answer = new byte[42 + 32];
            await network.ReadExactlyAsync(answer);
            await network.WriteAsync(new byte[32]);
            var rest = new MemoryStream();
            await network.CopyToAsync(rest);
            return rest.Length;
        });

        var (exit, output, errors) = Cli.Run("run", "--demo", "kernel", "--migrate-to", $"127.0.0.1:{port}", "--at", "1000", "--key-file", keys.File(Secret));

        Assert.Equal(69, exit);
        Assert.Equal("hvdsl run: migration target did not prove the migration key; the machine was not sent", errors.Trim());
        Assert.Equal(0, await heard.WaitAsync(Patience));
        Assert.DoesNotContain("migrated", output + errors);
    }

    [Fact]
    public void Migrate_without_a_key_refuses_to_listen()
    {
        var (exit, _, errors) = Cli.Run("migrate", "--listen", "0", "--key-file", keys.File("short"));

        Assert.Equal(64, exit);
        Assert.Matches(@"^hvdsl migrate: key file \S+ holds 5 bytes; a migration key has 16 to 4096$", errors.Trim());
    }

    [Fact]
    public void Run_with_an_unreadable_key_file_stops_before_the_guest_runs()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.key");

        var (exit, output, errors) = Cli.Run("run", "--demo", "kernel", "--migrate-to", "127.0.0.1:9", "--at", "5", "--key-file", missing);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"hvdsl run: cannot read key file {missing}: ", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }
}
