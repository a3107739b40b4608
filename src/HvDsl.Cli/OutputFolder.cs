using System;
using System.Collections.Generic;
using System.IO;

namespace HvDsl.Cli;

/// <summary>Writes generated files into the <c>--out</c> folder, turning file-system failures into one readable line.</summary>
internal static class OutputFolder
{
    /// <summary>Writes each (name, text) under <paramref name="folder"/>; returns the exit code.</summary>
    public static int Write(string folder, IReadOnlyCollection<(string Name, string Text)> files, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(folder, name), text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"hvdsl: cannot write to {folder}: {exception.Message}");
            return ExitStatus.Problems;
        }
        stdout.WriteLine($"wrote {files.Count} files to {folder}");
        return ExitStatus.Ok;
    }
}
