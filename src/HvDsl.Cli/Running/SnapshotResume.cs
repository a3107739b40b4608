using System.IO;
using HvDsl.Cli.Gdb;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Running;

/// <summary>What <c>hvdsl resume</c> and <c>hvdsl migrate</c> share: check the machine, build it, restore the snapshot, run it to its end.</summary>
internal static class SnapshotResume
{
    /// <summary>
    /// Restores <paramref name="file"/> (read by <see cref="RunSnapshotFile.Read"/>) into the machine <paramref name="options"/> name (the PC when none)
    /// with the file's RAM and vCPU count, and runs it with <c>run</c>'s output, report and exit statuses.
    /// </summary>
    /// <param name="command">The command, which prefixes messages.</param>
    /// <param name="what">How messages name the snapshot, e.g. <c>snapshot FILE</c>.</param>
    /// <param name="gdb">Where a gdb stub listens, or null to run without one.</param>
    /// <exception cref="SnapshotException">The snapshot was made on another machine or is unusable; nothing has run.</exception>
    public static int Run(string command, string what, RunSnapshot file, ulong budget, SessionOptions options, GuestConsoles consoles, TextWriter stdout, TextWriter stderr,
        GdbSettings? gdb = null)
    {
        var board = options.Machine ?? GuestMachine.Pc;
        if (file.MachineProblem(what, board.Identity) is { } other) throw new SnapshotException(other);
        // A count the board cannot take builds one vCPU, and the restore refuses the snapshot naming its identity line.
        var cpus = file.Snapshot.Cpus >= 1 && file.Snapshot.Cpus <= board.MaxCpus ? file.Snapshot.Cpus : 1;
        using var session = new GuestSession(command, options with { MemoryBytes = file.MemoryBytes, Cpus = cpus, Machine = board }, consoles, stdout, stderr);
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
