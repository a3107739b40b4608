using System.CommandLine;
using System.IO;
using System.Net;
using HvDsl.Cli.Gdb;
using HvDsl.Cli.Options;
using HvDsl.Cli.Running;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Commands;

/// <summary>
/// <c>hvdsl resume FILE [--max-instructions N] [--trace] [--input FILE|-] [--com2 tcp:HOST:PORT] [--machine ASSEMBLY[:TYPE]] [--no-translate] [--gdb [HOST:]PORT [--gdb-wait]]</c>: continues a run saved by <c>hvdsl run --save-at</c>, with
/// the same output, report and exit statuses as <c>hvdsl run</c>.
/// </summary>
internal static class ResumeCommand
{
    /// <summary>The command's name, so the root can give its parse errors the run exit status.</summary>
    public const string Name = "resume";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("snapshot") { Description = "Snapshot written by 'hvdsl run --save-at N --snapshot FILE'." };
        var budget = TypedOptions.Count("--max-instructions", "Stop with exit status 4 after this many more guest instructions.");
        var progress = TypedOptions.Progress();
        var serial = TypedOptions.Serial();
        var debugcon = TypedOptions.Debugcon();
        var trace = new Option<bool>("--trace") { Description = "Print every VM exit (reason, RIP, qualification) on stderr." };
        var restore = new RestoreOptions();
        var translation = new TranslationOptions();
        var com2 = TypedOptions.SerialLine("--com2", "Connect COM2 to this host TCP service while the guest holds DTR; a port open in the snapshot gets a fresh connection.");
        var gdb = new GdbOptions();
        var command = new Command(Name,
            "Continue a saved run on the reference PC (or the --machine it ran on). Exit statuses as for run; 64 also for a missing, truncated or corrupt snapshot.")
        {
            file, budget, trace, progress, restore.Input, com2, serial, debugcon, restore.Machine, translation.NoTranslate, translation.Translate, gdb.Gdb, gdb.Wait,
        };
        command.SetAction(result => Resume(result.GetValue(file)!, result.GetValue(budget), result.GetValue(trace), RunProgress.Enabled(result.GetValue(progress) ?? ProgressMode.Auto),
            restore.Values(result), result.GetValue(com2), result.GetValue(serial)!, result.GetValue(debugcon)!,
            translation.Value(result, out var translationError), translationError, gdb.Settings(result, out var gdbError), gdbError, stdout, stderr));
        return command;
    }

    private static int Resume(string path, ulong? budget, bool trace, bool progress, RestoreArguments restore, DnsEndPoint? com2, ConsoleRoute serial, ConsoleRoute debugcon, bool translate,
        string? translationError, GdbSettings? gdb, string? gdbError, TextWriter stdout, TextWriter stderr) => GuestCommand.Guard(Name, stderr, () =>
    {
        if (translationError is not null) return GuestCommand.Usage(Name, stderr, translationError);
        if (gdbError is not null) return GuestCommand.Usage(Name, stderr, gdbError);
        if (!restore.TryOpen(out var machine, out var input, out var problem)) return GuestCommand.Usage(Name, stderr, problem);
        var file = RunSnapshotFile.Load(path);
        if (GuestConsoles.Open(serial, debugcon, stdout, out var error) is not { } consoles) return GuestCommand.Usage(Name, stderr, error);
        return SnapshotResume.Run(Name, $"snapshot {path}", file, budget ?? ulong.MaxValue, trace, progress, consoles, stdout, stderr, machine, gdb, input, com2, translate);
    });
}
