using System.IO;
using HvDsl.Cli.Gdb;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Running;

/// <summary>What <c>hvdsl resume</c> and <c>hvdsl migrate</c> share: build the machine, restore the snapshot, run it to its end.</summary>
internal static class SnapshotResume
{
    /// <summary>
    /// Restores <paramref name="snapshot"/> (read by <see cref="RunSnapshotFile.Read"/>) into <paramref name="machine"/> (the PC when null) with
    /// <paramref name="memoryBytes"/> of RAM and the snapshot's vCPU count, and runs it with <c>run</c>'s output, report and exit statuses.
    /// </summary>
    /// <param name="command">The command, which prefixes messages.</param>
    /// <param name="what">How messages name the snapshot, e.g. <c>snapshot FILE</c>.</param>
    /// <param name="gdb">Where a gdb stub listens, or null to run without one.</param>
    /// <param name="input">What COM1 receives from the restored point on (<c>resume --input</c>), or null for nothing.</param>
    /// <param name="translate">Whether hot guest code is translated (<c>resume --no-translate</c> clears it).</param>
    /// <exception cref="SnapshotException">The snapshot is unusable; nothing has run.</exception>
    public static int Run(string command, string what, ulong memoryBytes, VmSnapshot snapshot, ulong budget, bool trace, bool progress, GuestConsoles consoles, TextWriter stdout, TextWriter stderr,
        GuestMachine? machine = null, GdbSettings? gdb = null, Stream? input = null, bool translate = true)
    {
        // A count no PC has builds one vCPU, and the restore refuses the snapshot naming its identity line.
        var cpus = snapshot.Cpus is >= 1 and <= PcMachine.MaxCpus ? snapshot.Cpus : 1;
        using var session = new GuestSession(command, memoryBytes, input, consoles, trace, progress, stdout, stderr, cpus, machine, translate);
        try
        {
            session.Machine.Vm.Restore(snapshot);
        }
        catch (SnapshotException problem)
        {
            throw RunSnapshotFile.Unusable(what, problem);
        }
        return gdb is null ? session.RunToEnd(budget) : GdbRun.Run(command, session, gdb, budget, stderr);
    }
}
