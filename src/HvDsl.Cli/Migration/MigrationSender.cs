using System;
using System.IO;
using HvDsl.Cli.Running;
using HvDsl.Runtime;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Migration;

/// <summary>Sends a stopped machine to <c>hvdsl migrate --listen</c>: the snapshot file's bytes, in <see cref="PageFrames"/>.</summary>
internal static class MigrationSender
{
    /// <summary>Serializes <paramref name="vm"/> (with its RAM size) and sends it to <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <exception cref="MigrationException">The target cannot be reached or the connection broke.</exception>
    public static void Send(string host, int port, ulong memoryBytes, Vm vm)
    {
        // Serialized first, so the connection is open only for as long as the bytes take to cross it.
        var machine = new MemoryStream();
        RunSnapshotFile.WriteTo(machine, memoryBytes, vm);
        try
        {
            using var network = SocketClient.Connect(host, port);
            PageFrames.Write(network, machine.GetBuffer().AsSpan(0, (int)machine.Length));
        }
        catch (IOException exception)
        {
            throw new MigrationException(exception.Message, exception);
        }
    }
}
