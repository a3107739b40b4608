using System;
using System.IO;
using System.Linq;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Finds the conformance vectors: <c>HVDSL_CONFORMANCE_DIR</c>, else <c>../shared/conformance/</c> beside the project root.</summary>
internal static class ConformanceDirectory
{
    public const string Variable = "HVDSL_CONFORMANCE_DIR";

    /// <summary>The root holding the suites, or null when the project root has none beside it.</summary>
    public static string? Locate()
    {
        string? overridden = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(overridden))
            return Path.GetFullPath(overridden);
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HvDsl.sln")))
            {
                string shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance"));
                return Directory.Exists(shared) ? shared : null;
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
