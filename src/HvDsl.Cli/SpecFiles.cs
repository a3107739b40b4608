using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HvDsl.Cli;

/// <summary>Expands command-line paths into <c>.hvspec</c> files: files as given, folders searched recursively.</summary>
internal static class SpecFiles
{
    /// <summary>The files under <paramref name="paths"/>, or the first path that does not exist.</summary>
    public static (IReadOnlyList<string> Files, string? Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add(path);
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.hvspec", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal));
            else return (files, path);
        }
        return (files.Distinct().ToList(), null);
    }
}
