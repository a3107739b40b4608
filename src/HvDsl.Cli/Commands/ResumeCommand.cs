using System.CommandLine;
using System.IO;
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
        var gdb = new GdbOptions();
        var command = new Command(Name,
            "Continue a saved run on the reference PC (or the --machine it ran on). Exit statuses as for run; 64 also for a missing, truncated or corrupt snapshot.")
        {
            file, budget, trace, progress, serial, debugcon, gdb.Gdb, gdb.Wait,
        };
        foreach (var option in restore.All) command.Options.Add(option);
        command.SetAction(result => Resume(result.GetValue(file)!, result.GetValue(budget), result.GetValue(trace), RunProgress.Enabled(result.GetValue(progress) ?? ProgressMode.Auto),
            restore.Values(result), result.GetValue(serial)!, result.GetValue(debugcon)!, gdb.Settings(result, out var gdbError), gdbError, stdout, stderr));
        return command;
    }

    private static int Resume(string path, ulong? budget, bool trace, bool progress, RestoreArguments restore, ConsoleRoute serial, ConsoleRoute debugcon, GdbSettings? gdb, string? gdbError, TextWriter stdout, TextWriter stderr) => GuestCommand.Guard(Name, stderr, () =>
    {
        if (gdbError is not null) return GuestCommand.Usage(Name, stderr, gdbError);
        if (!restore.TryOpen(out var options, out var problem)) return GuestCommand.Usage(Name, stderr, problem);
        var file = RunSnapshotFile.Load(path);
        if (GuestConsoles.Open(serial, debugcon, stdout, out var error) is not { } consoles) return GuestCommand.Usage(Name, stderr, error);
        return SnapshotResume.Run(Name, $"snapshot {path}", file, budget ?? ulong.MaxValue, options with { Trace = trace, Progress = progress }, consoles, stdout, stderr, gdb);
    });
}
