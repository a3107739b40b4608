using System.IO;
using System.Net;
using HvDsl.Cli.Gdb;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Running;

/// <summary>What <c>hvdsl resume</c> and <c>hvdsl migrate</c> share: check the machine, build it, restore the snapshot, run it to its end.</summary>
internal static class SnapshotResume
{
    /// <summary>
    /// Restores <paramref name="file"/> (read by <see cref="RunSnapshotFile.Read"/>) into <paramref name="machine"/> (the PC when null) with
    /// the file's RAM and vCPU count, and runs it with <c>run</c>'s output, report and exit statuses.
    /// </summary>
    /// <param name="command">The command, which prefixes messages.</param>
    /// <param name="what">How messages name the snapshot, e.g. <c>snapshot FILE</c>.</param>
    /// <param name="gdb">Where a gdb stub listens, or null to run without one.</param>
    /// <param name="input">What COM1 receives from the restored point on (<c>resume --input</c>), or null for nothing.</param>
    /// <param name="com2">The host TCP service COM2 connects to (<c>resume --com2</c>), or null.</param>
    /// <param name="translate">Whether hot guest code is translated (the default; <c>resume --no-translate</c> clears it).</param>
    /// <exception cref="SnapshotException">The snapshot was made on another machine or is unusable; nothing has run.</exception>
    public static int Run(string command, string what, RunSnapshot file, ulong budget, bool trace, bool progress, GuestConsoles consoles, TextWriter stdout, TextWriter stderr,
        GuestMachine? machine = null, GdbSettings? gdb = null, Stream? input = null, DnsEndPoint? com2 = null, bool translate = true)
    {
        var board = machine ?? GuestMachine.Pc;
        if (file.MachineProblem(what, board.Identity) is { } other) throw new SnapshotException(other);
        // A count the board cannot take builds one vCPU, and the restore refuses the snapshot naming its identity line.
        var cpus = file.Snapshot.Cpus >= 1 && file.Snapshot.Cpus <= board.MaxCpus ? file.Snapshot.Cpus : 1;
        using var session = new GuestSession(command, file.MemoryBytes, input, consoles, trace, progress, stdout, stderr, cpus, board, com2, translate: translate);
        try
        {
            session.Machine.Vm.Restore(file.Snapshot);
        }
        catch (SnapshotException problem)
        {
            throw RunSnapshotFile.Unusable(what, file, problem);
        }
        return gdb is null ? session.RunToEnd(budget) : GdbRun.Run(command, session, gdb, budget, stderr);
    }
}
