using System.CommandLine;
using System.IO;
using System.Linq;
using HvDsl.Cli.Options;
using HvDsl.Language.Documenting;

namespace HvDsl.Cli.Commands;

/// <summary><c>hvdsl doc PATH... --out DIR</c>: writes one Markdown register map per device.</summary>
internal static class DocCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = CommonOptions.Paths();
        var output = CommonOptions.Out();
        var command = new Command("doc", "Write a Markdown register map (offsets, widths, access, reset, fields) for each device.") { paths, output };
        command.SetAction(result => Run(result.GetValue(paths) ?? [], result.GetValue(output)!, stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string folder, TextWriter stdout, TextWriter stderr)
    {
        var result = CompiledSpecs.Compile(paths, stdout, stderr);
        if (result is null || !result.Success) return ExitStatus.Problems;
        var maps = result.Model.Devices.Select(d => (RegisterMapWriter.FileName(d), RegisterMapWriter.Write(d))).ToList();
        return OutputFolder.Write(folder, maps, stdout, stderr);
    }
}
