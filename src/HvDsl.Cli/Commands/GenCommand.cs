using System.CommandLine;
using System.IO;
using System.Linq;
using HvDsl.Cli.Options;
using HvDsl.Language;
using HvDsl.Language.Emitting;

namespace HvDsl.Cli.Commands;

/// <summary><c>hvdsl gen PATH... --out DIR</c>: writes exactly the C# the source generator would add to a build.</summary>
internal static class GenCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = CommonOptions.Paths();
        var output = CommonOptions.Out();
        var ns = new Option<string>("--namespace")
        {
            Description = $"Namespace of the generated code, as the HvDslNamespace build property (default {EmitDefaults.Namespace}).",
        };
        var command = new Command("gen", "Write the C# the generator produces for the specs, one file per declaration.") { paths, output, ns };
        command.SetAction(result => Run(result.GetValue(paths) ?? [], result.GetValue(output)!, result.GetValue(ns), stdout, stderr));
        return command;
    }

    private static int Run(string[] paths, string folder, string? ns, TextWriter stdout, TextWriter stderr)
    {
        var result = CompiledSpecs.Compile(paths, stdout, stderr);
        if (result is null || !result.Success) return ExitStatus.Problems;
        var sources = SpecEmitter.EmitAll(result.Model, EmitDefaults.Options(ns));
        return OutputFolder.Write(folder, sources.Select(s => (s.HintName, s.Text)).ToList(), stdout, stderr);
    }
}
