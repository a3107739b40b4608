using System;
using System.IO;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>
/// Finds the built kvm-unit-tests: <c>HVDSL_KVM_UNIT_TESTS_DIR</c>, else <c>shared/kvm-unit-tests/</c> beside the repository
/// or beside one of its parents (so a worktree finds the same folder as the main checkout).
/// </summary>
internal static class KvmUnitTestsFolder
{
    /// <summary>The environment variable that names the folder.</summary>
    public const string Variable = "HVDSL_KVM_UNIT_TESTS_DIR";

    /// <summary>What the runner and the tests say when there is no folder.</summary>
    public const string Missing = $"no built tests in ${Variable} or ../shared/kvm-unit-tests/";

    /// <summary>The folder holding <c>unittests.cfg</c> and <c>x86/</c> for a repository at or above <paramref name="start"/>, or null when there is none.</summary>
    public static string? Find(string start)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
            return Holds(named) ? Path.GetFullPath(named) : null;
        var repository = Repository(start);
        for (var folder = repository.Parent; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "kvm-unit-tests");
            if (Holds(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Whether <paramref name="folder"/> has the suite's layout.</summary>
    public static bool Holds(string folder) =>
        File.Exists(Path.Combine(folder, "unittests.cfg")) && Directory.Exists(Path.Combine(folder, "x86"));

    /// <summary>The folder holding <c>HvDsl.sln</c> at or above <paramref name="start"/>, else <paramref name="start"/> itself.</summary>
    private static DirectoryInfo Repository(string start)
    {
        var first = new DirectoryInfo(Path.GetFullPath(start));
        for (var folder = first; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HvDsl.sln"))) return folder;
        }
        return first;
    }
}
