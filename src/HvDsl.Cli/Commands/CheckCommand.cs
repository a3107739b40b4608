using System.CommandLine;
using System.IO;
using System.Linq;
using HvDsl.Cli.Options;
using HvDsl.Language.Diagnostics;

namespace HvDsl.Cli.Commands;

/// <summary><c>hvdsl check PATH...</c>: parses and binds specs, printing a summary or one compiler-format line per problem.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = CommonOptions.Paths();
        var command = new Command("check", "Check specs and report problems as path(line,col): error HVnnnn: message.") { paths };
        command.SetAction(result => Run(result.GetValue(paths) ?? [], stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, TextWriter stdout, TextWriter stderr)
    {
        var result = CompiledSpecs.Compile(paths, stdout, stderr);
        if (result is null || !result.Success) return ExitStatus.Problems;
        var m = result.Model;
        var warnings = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        stdout.WriteLine(
            $"checked {result.FileCount} files: {m.Devices.Count} devices, {m.TrapTables.Count} trap tables, {m.CpuidTables.Count} cpuid tables, " +
            $"{m.MsrTables.Count} msr tables, {m.HypercallTables.Count} hypercall tables, {m.Services.Count} services, {m.Machines.Count} machines — " +
            (warnings == 0 ? "no problems" : $"no errors, {warnings} warning(s)"));
        return ExitStatus.Ok;
    }
}
