using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HvDsl.Language.Tests;

/// <summary>Finds the repository's specs/ folder by walking up from the test assembly to the folder holding HvDsl.sln.</summary>
internal static class SpecLibrary
{
    public static string Root { get; } = FindRoot();

    public static string SpecsFolder => Path.Combine(Root, "specs");

    public static IReadOnlyList<(string Path, string Text)> Files { get; } =
        Directory.EnumerateFiles(SpecsFolder, "*.hvspec", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(Root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HvDsl.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException("HvDsl.sln not found above " + AppContext.BaseDirectory);
    }
}
