using System.IO;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace HvDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed .snap file in this project's __snapshots__ folder, found from the repository root:
/// Snapshooter's default reads the folder from the compiled source path, which a CI build maps to /_/ (stale or missing there).
/// </summary>
internal static class CommittedSnapshot
{
    /// <summary>The folder that holds __snapshots__: this test project's sources.</summary>
    public static string ProjectFolder { get; } = Path.Combine(SpecLibrary.Root, "tests", "HvDsl.Generators.Tests");

    /// <summary>Matches <paramref name="text"/> against <c>{test}_{parts joined by _}.snap</c>; a missing file is written and the test fails, so a new snapshot is always reviewed.</summary>
    public static void Match(string text, string test, params string[] parts)
    {
        var fileName = test + "_" + string.Join("_", parts) + ".snap";
        var path = Path.Combine(ProjectFolder, "__snapshots__", fileName);
        var existed = File.Exists(path);
        Snapshot.Match(text, new SnapshotFullName(fileName, ProjectFolder));
        Assert.True(existed, $"no committed snapshot {path}: it has now been written; review it and commit it");
    }
}
