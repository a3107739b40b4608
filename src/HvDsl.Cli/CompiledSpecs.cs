using System.IO;
using System.Linq;
using HvDsl.Language;
using HvDsl.Language.Parsing;

namespace HvDsl.Cli;

/// <summary>The common front of every command: expand the paths, compile the specs, print each diagnostic in compiler format.</summary>
internal static class CompiledSpecs
{
    /// <summary>The compiled specs, or null when a path does not exist; diagnostics are already printed to <paramref name="stdout"/>.</summary>
    public static CompilationResult? Compile(string[] paths, TextWriter stdout, TextWriter stderr)
    {
        var (files, unlisted, missing) = SpecFiles.Expand(paths);
        if (missing is not null)
        {
            stderr.WriteLine($"hvdsl: no such file or folder: {missing}");
            return null;
        }
        // Each file is read on its own: one that cannot be read is one located line, and the rest are still checked.
        var parsed = files.Select(SpecFileReader.Read).Concat(unlisted.Select(u => SpecParser.Unreadable(u.Folder, u.Reason))).ToList();
        var result = SpecCompiler.Bind(parsed);
        foreach (var diagnostic in result.Diagnostics) stdout.WriteLine(diagnostic);
        return result;
    }
}
