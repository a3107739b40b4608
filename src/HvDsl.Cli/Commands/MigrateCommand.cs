using System;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Net.Sockets;
using HvDsl.Cli.Migration;
using HvDsl.Cli.Running;

namespace HvDsl.Cli.Commands;

/// <summary>
/// <c>hvdsl migrate --listen PORT [--bind ADDR] [--key-file FILE]</c>: receives one machine sent by <c>hvdsl run
/// --migrate-to</c> with the same key and continues it as <c>hvdsl resume</c> would.
/// </summary>
internal static class MigrateCommand
{
    /// <summary>The command's name, so the root can give its parse errors the run exit status.</summary>
    public const string Name = "migrate";

    private const string What = "migrated machine";

    /// <summary>How long the handshake, and then each page frame, may take in total before the receiver gives up.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    /// <summary>The average rate, in bytes per second, a transfer must keep after its first <see cref="Stall"/>.</summary>
    private const long MinimumRate = 64 << 10;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var listen = new Option<string>("--listen") { Description = "TCP port to accept the machine on; 0 picks a free one.", Required = true };
        var bind = new Option<string>("--bind") { Description = "Address to listen on (default 127.0.0.1)." };
        var keyFile = new Option<string>("--key-file")
        {
            Description = $"File holding the key the sender must prove it has (default: the {MigrationKey.Variable} variable); at least 16 bytes.",
        };
        var command = new Command(Name,
            "Receive one running machine from 'hvdsl run --migrate-to' and continue it. Exit statuses as for run; " +
            "64 also for a bad port, address or key, a sender without the key, and a damaged, foreign or stalled stream.")
        {
            listen, bind, keyFile,
        };
        command.SetAction(result => Receive(result.GetValue(listen)!, result.GetValue(bind) ?? "127.0.0.1", result.GetValue(keyFile), stdout, stderr));
        return command;
    }

    private static int Receive(string portText, string bindText, string? keyFile, TextWriter stdout, TextWriter stderr) => GuestCommand.Guard(Name, stderr, () =>
    {
        if (!ushort.TryParse(portText, out var port))
            return Usage(stderr, $"--listen must be a TCP port from 0 to 65535, not '{portText}'");
        if (!IPAddress.TryParse(bindText, out var address))
            return Usage(stderr, $"--bind must be an IP address, not '{bindText}'");
        if (MigrationKey.Find(keyFile, out var error) is not { } key) return Usage(stderr, error);
        var (memoryBytes, snapshot) = Accept(new IPEndPoint(address, port), key, stderr);
        return SnapshotResume.Run(Name, What, memoryBytes, snapshot, ulong.MaxValue, trace: false, stdout, stderr);
    });

    /// <summary>
    /// Listens on <paramref name="endpoint"/>, says where, and takes one connection: the sender must prove
    /// <paramref name="key"/> before a frame is read, and the machine is checked frame by frame as it arrives.
    /// </summary>
    private static (ulong MemoryBytes, Runtime.Snapshots.VmSnapshot Snapshot) Accept(IPEndPoint endpoint, MigrationKey key, TextWriter stderr)
    {
        var listener = new TcpListener(endpoint);
        listener.Start(backlog: 1);
        try
        {
            // With port 0 the caller learns the real port only from this line.
            stderr.WriteLine($"hvdsl migrate: listening on {listener.LocalEndpoint}");
            stderr.Flush();
            using var client = listener.AcceptTcpClient();
            var network = client.GetStream();
            var frameKey = MigrationHandshake.Accept(network, key, Stall);
            return RunSnapshotFile.Read(new PageFrameReader(network, frameKey, Stall, MinimumRate), What);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"hvdsl migrate: {message}");
        return RunExitStatus.Usage;
    }
}
