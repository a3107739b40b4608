using System.CommandLine;
using System.IO;

namespace HvDsl.Cli.Options;

/// <summary>Arguments and options several commands share, declared once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>The spec files or folders to read.</summary>
    public static Argument<string[]> Paths()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Spec files or folders (searched recursively for *.hvspec).",
            Arity = ArgumentArity.OneOrMore,
        };
        // An unknown option would otherwise be taken for a path and reported as a missing file.
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                    result.AddError($"unknown option '{token.Value}'");
            }
        });
        return paths;
    }

    /// <summary>The folder written files go to.</summary>
    public static Option<string> Out() => new("--out")
    {
        Description = "Folder to write the files to (created if missing).",
        Required = true,
    };
}
