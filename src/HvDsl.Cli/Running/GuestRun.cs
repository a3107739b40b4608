using System.IO;
using HvDsl.Cli.Gdb;
using HvDsl.Cli.Migration;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Running;

/// <summary>One <c>hvdsl run</c> on the reference PC or a board of one's own: load, boot, then run to the end, or to a save or migration point.</summary>
internal static class GuestRun
{
    /// <summary>Runs <paramref name="settings"/>; guest console output goes to <paramref name="stdout"/>, the report to <paramref name="stderr"/>.</summary>
    public static int Run(RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        if (GuestConsoles.Open(settings.Serial ?? ConsoleRoute.Stdio, settings.Debugcon ?? ConsoleRoute.Stdio, stdout, out var error) is not { } consoles)
            return GuestCommand.Usage("run", stderr, error);
        var options = new SessionOptions
        {
            MemoryBytes = settings.MemoryBytes, Input = settings.Input, Trace = settings.Trace, Progress = settings.Progress, Cpus = settings.Cpus, Machine = settings.Machine, Com2 = settings.Com2,
            ClockStart = settings.RtcStart, Translate = settings.Translate,
        };
        using var session = new GuestSession("run", options, consoles, stdout, stderr);
        var vm = session.Machine.Vm;
        settings.Guest.Boot(session.Machine);
        if (settings.Gdb is { } gdb) return GdbRun.Run("run", session, gdb, settings.MaxInstructions, stderr);
        var stopAt = settings.Save?.AtInstruction ?? settings.Migrate?.AtInstruction;
        if (stopAt is not { } at || at > settings.MaxInstructions) return session.RunToEnd(settings.MaxInstructions);

        var end = session.Run(at);
        // A guest that ends before the stop point ends as an uninterrupted run would, and leaves no file or sends nothing.
        if (end.Reason != ExitReason.InstructionLimit || session.Interrupted) return session.Finish(end);
        if (settings.Save is { } save)
        {
            RunSnapshotFile.Write(save.Path, settings.MemoryBytes, session.Machine);
            stderr.WriteLine($"hvdsl run: saved snapshot {save.Path} at instruction {vm.InstructionCount}");
            return ExitStatus.Saved;
        }
        var target = settings.Migrate!;
        MigrationSender.Send(target.Host, target.Port, settings.MemoryBytes, session.Machine, target.Key);
        stderr.WriteLine($"hvdsl run: migrated to {target.Host}:{target.Port} at instruction {vm.InstructionCount}");
        return ExitStatus.Migrated;
    }
}
