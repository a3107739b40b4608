using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace HvDsl.Cli;

/// <summary>Expands command-line paths into <c>.hvspec</c> files: files as given, folders searched recursively.</summary>
internal static class SpecFiles
{
    /// <summary>
    /// The files under <paramref name="paths"/>, the folders that could not be listed (with why), or the first path that
    /// does not exist. Symbolic links to folders are not followed, so a link cycle cannot make the walk endless.
    /// </summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<(string Folder, string Reason)> Unlisted, string? Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var unlisted = new List<(string, string)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = new List<string>();
                Walk(path, found, unlisted);
                files.AddRange(found.OrderBy(f => f, StringComparer.Ordinal));
            }
            // A dangling link exists as a link: it is read, and refused with the reason, like any unreadable file.
            else if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) files.Add(path);
            else return (files, unlisted, path);
        }
        return (files.Distinct().ToList(), unlisted, null);
    }

    private static void Walk(string folder, List<string> files, List<(string, string)> unlisted)
    {
        string[] here, folders;
        try
        {
            here = Directory.GetFiles(folder, "*.hvspec");
            folders = Directory.GetDirectories(folder);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            unlisted.Add((folder, exception.Message.TrimEnd('.')));
            return;
        }
        files.AddRange(here);
        foreach (var sub in folders.Where(f => new DirectoryInfo(f).LinkTarget is null)) Walk(sub, files, unlisted);
    }
}
