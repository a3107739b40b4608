using System.CommandLine;

namespace HvDsl.Cli.Commands;

/// <summary>Arguments and options several commands share, declared once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>The spec files or folders to read.</summary>
    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Spec files or folders (searched recursively for *.hvspec).",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>The folder written files go to.</summary>
    public static Option<string> Out() => new("--out")
    {
        Description = "Folder to write the files to (created if missing).",
        Required = true,
    };
}
