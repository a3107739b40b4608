using System.IO;
using System.Linq;
using HvDsl.Language;

namespace HvDsl.Cli;

/// <summary>The common front of every command: expand the paths, compile the specs, print each diagnostic in compiler format.</summary>
internal static class CompiledSpecs
{
    /// <summary>The compiled specs, or null when a path does not exist; diagnostics are already printed to <paramref name="stdout"/>.</summary>
    public static CompilationResult? Compile(string[] paths, TextWriter stdout, TextWriter stderr)
    {
        var (files, missing) = SpecFiles.Expand(paths);
        if (missing is not null)
        {
            stderr.WriteLine($"hvdsl: no such file or folder: {missing}");
            return null;
        }
        var result = SpecCompiler.Compile(files.Select(f => (f, File.ReadAllText(f))));
        foreach (var diagnostic in result.Diagnostics) stdout.WriteLine(diagnostic);
        return result;
    }
}
