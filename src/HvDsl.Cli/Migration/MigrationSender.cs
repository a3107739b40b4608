using System;
using System.IO;
using HvDsl.Cli.Running;
using HvDsl.Runtime.Machines;
using HvDsl.Runtime.Migration;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Migration;

/// <summary>Sends a stopped machine to <c>hvdsl migrate --listen</c>: after the <see cref="MigrationHandshake"/>, the snapshot file's bytes in <see cref="PageFrames"/>.</summary>
internal static class MigrationSender
{
    /// <summary>How long the target may take over its greeting and its proof of the key.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Serializes <paramref name="board"/>'s VM (with its RAM size and which board it is) and sends it to <paramref name="host"/>:<paramref name="port"/>
    /// once the target has proved it holds <paramref name="key"/>.
    /// </summary>
    /// <exception cref="MigrationException">The target cannot be reached, does not prove the key, or the connection broke.</exception>
    public static void Send(string host, int port, ulong memoryBytes, IMachine board, MigrationKey key)
    {
        // Serialized first, so the connection is open only for as long as the bytes take to cross it.
        var machine = new MemoryStream();
        RunSnapshotFile.WriteTo(machine, memoryBytes, board.Vm, SnapshotMachine.Of(board));
        try
        {
            using var network = SocketClient.Connect(host, port);
            var frameKey = MigrationHandshake.Offer(network, key, Patience);
            PageFrames.Write(network, machine.GetBuffer().AsSpan(0, (int)machine.Length), frameKey);
        }
        catch (IOException exception)
        {
            throw new MigrationException(exception.Message, exception);
        }
    }
}
