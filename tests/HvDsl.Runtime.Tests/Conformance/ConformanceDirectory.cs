using System;
using System.IO;
using System.Linq;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Finds the conformance vectors: <c>HVDSL_CONFORMANCE_DIR</c>, else the copy carried in <c>Conformance/Vectors/</c>.</summary>
internal static class ConformanceDirectory
{
    public const string Variable = "HVDSL_CONFORMANCE_DIR";

    /// <summary>Where the repository keeps its own vectors, relative to the folder holding HvDsl.sln.</summary>
    public static readonly string Carried = Path.Combine("tests", "HvDsl.Runtime.Tests", "Conformance", "Vectors");

    /// <summary>The root holding the suites, or null when neither the variable nor the repository gives one.</summary>
    public static string? Locate()
    {
        string? overridden = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(overridden))
            return Path.GetFullPath(overridden);
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HvDsl.sln")))
            {
                string carried = Path.Combine(dir.FullName, Carried);
                return Directory.Exists(carried) ? carried : null;
            }
        }
        return null;
    }

    /// <summary>The suite directories (those with a <c>metadata.json</c>) under <paramref name="root"/>, or the root itself if it is one.</summary>
    public static string[] Suites(string root)
    {
        if (File.Exists(Path.Combine(root, "metadata.json")))
            return [root];
        return Directory.GetDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "metadata.json")))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
