using System;
using System.IO;
using System.Linq;
using HvDsl.Language;
using HvDsl.Language.Emitting;

namespace HvDsl.Generators.Tests.Infrastructure;

/// <summary>The repository's specs/ folder, compiled and emitted the way the generator does.</summary>
internal static class SpecLibrary
{
    public static readonly EmitOptions Options = new("HvDsl.Machines.Pc", "0.1.0");

    /// <summary>The repository root: the nearest folder above the test binaries holding HvDsl.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Every spec file, as (path relative to the root with '/', text), in ordinal order.</summary>
    public static (string Path, string Text)[] Files() =>
        Directory.GetFiles(Path.Combine(Root, "specs"), "*.hvspec", SearchOption.AllDirectories)
            .Select(p => (Path.GetRelativePath(Root, p).Replace('\\', '/'), File.ReadAllText(p).Replace("\r\n", "\n")))
            .OrderBy(f => f.Item1, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Everything the specs generate.</summary>
    public static GeneratedSource[] Generated()
    {
        var result = SpecCompiler.Compile(Files());
        if (!result.Success) throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        return SpecEmitter.EmitAll(result.Model, Options).ToArray();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HvDsl.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("HvDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
