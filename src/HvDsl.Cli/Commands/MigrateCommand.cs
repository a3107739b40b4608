using System;
using System.CommandLine;
using System.IO;
using System.Net;
using System.Net.Sockets;
using HvDsl.Cli.Migration;
using HvDsl.Cli.Options;
using HvDsl.Cli.Running;
using HvDsl.Runtime.Migration;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Commands;

/// <summary>
/// <c>hvdsl migrate --listen PORT [--bind ADDR] [--key-file FILE] [--input FILE|-] [--com2 tcp:HOST:PORT] [--machine ASSEMBLY[:TYPE]] [--no-translate]</c>: receives one machine
/// sent by <c>hvdsl run --migrate-to</c> with the same key and continues it as <c>hvdsl resume</c> would.
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
        var listen = TypedOptions.Port("--listen", "TCP port to accept the machine on; 0 picks a free one.", allowZero: true);
        listen.Required = true;
        var bind = TypedOptions.Bind("Address to listen on.");
        var keyFile = TypedOptions.File("--key-file",
            $"File holding the key the sender must prove it has (default: the {MigrationKey.Variable} variable); at least 16 bytes.");
        var restore = new RestoreOptions();
        var command = new Command(Name,
            "Receive one running machine from 'hvdsl run --migrate-to' and continue it on the reference PC (or the --machine it ran on). Exit statuses as for run; " +
            "64 also for a bad port, address or key, a sender without the key, and a damaged, foreign or stalled stream.")
        {
            listen, bind, keyFile,
        };
        foreach (var option in restore.All) command.Options.Add(option);
        command.SetAction(result => Receive(result.GetValue(listen)!.Value, result.GetValue(bind)!, result.GetValue(keyFile), restore.Values(result), stdout, stderr));
        return command;
    }

    private static int Receive(ushort port, IPAddress address, string? keyFile, RestoreArguments restore, TextWriter stdout, TextWriter stderr) => GuestCommand.Guard(Name, stderr, () =>
    {
        if (MigrationKey.Find(keyFile, out var error) is not { } key) return GuestCommand.Usage(Name, stderr, error);
        // Before listening, so that a bad argument never costs the sender its machine.
        if (!restore.TryOpen(out var options, out error)) return GuestCommand.Usage(Name, stderr, error);
        var file = Accept(new IPEndPoint(address, port), key, stderr);
        return SnapshotResume.Run(Name, What, file, ulong.MaxValue, options, GuestConsoles.Stdio(stdout), stdout, stderr);
    });

    /// <summary>
    /// Listens on <paramref name="endpoint"/>, says where, and takes one connection: the sender must prove
    /// <paramref name="key"/> before a frame is read, and the machine is checked frame by frame as it arrives.
    /// </summary>
    private static RunSnapshot Accept(IPEndPoint endpoint, MigrationKey key, TextWriter stderr)
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
}
