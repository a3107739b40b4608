using System;
using System.IO;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>
/// Finds the built kvm-unit-tests: <c>HVDSL_KVM_UNIT_TESTS_DIR</c>, else <c>shared/kvm-unit-tests/</c> beside the
/// repository or beside one of its parents (so a worktree finds the same folder as the main checkout).
/// </summary>
internal static class KvmUnitTestsDirectory
{
    public const string Variable = "HVDSL_KVM_UNIT_TESTS_DIR";

    /// <summary>The folder holding <c>x86/</c>, or null when there is none.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
            return Directory.Exists(Path.Combine(named, "x86")) ? named : null;
        var repository = Path.GetDirectoryName(Cli.SpecsFolder());
        for (var folder = Directory.GetParent(repository!); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "kvm-unit-tests");
            if (Directory.Exists(Path.Combine(candidate, "x86"))) return candidate;
        }
        return null;
    }
}

/// <summary>A test that boots the built kvm-unit-tests: skipped, saying why, when they are absent.</summary>
internal sealed class KvmUnitTestsFactAttribute : FactAttribute
{
    public KvmUnitTestsFactAttribute()
    {
        if (KvmUnitTestsDirectory.Find() is null)
            Skip = $"kvm-unit-tests: no built tests in ${KvmUnitTestsDirectory.Variable} or ../shared/kvm-unit-tests/";
    }
}
