using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Running;

/// <summary>One <c>hvdsl run</c> on the reference PC: load, boot, then run to the end or save a snapshot at the save point.</summary>
internal static class GuestRun
{
    /// <summary>Runs <paramref name="settings"/>; guest console output goes to <paramref name="stdout"/>, the report to <paramref name="stderr"/>.</summary>
    public static int Run(RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        using var session = new GuestSession("run", settings.MemoryBytes, settings.Input, settings.Trace, stdout, stderr);
        var vm = session.Machine.Vm;
        vm.Memory.Load(settings.LoadAddress, settings.Image);
        GuestBoot.Start(vm, settings.Mode, settings.Entry);
        if (settings.Save is not { } save || save.AtInstruction > settings.MaxInstructions) return session.RunToEnd(settings.MaxInstructions);

        var end = session.Run(save.AtInstruction);
        // A guest that ends before the save point ends as an uninterrupted run would, and leaves no file.
        if (end.Reason != ExitReason.InstructionLimit) return session.Finish(end);
        RunSnapshotFile.Write(save.Path, settings.MemoryBytes, vm);
        stderr.WriteLine($"hvdsl run: saved snapshot {save.Path} at instruction {vm.InstructionCount}");
        return RunExitStatus.Saved;
    }
}
