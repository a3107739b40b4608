using System.IO;
using HvDsl.Cli.KvmUnitTests;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>The built kvm-unit-tests the runner would use for this repository, or null when there are none.</summary>
internal static class KvmUnitTestsDirectory
{
    /// <summary>The folder holding <c>unittests.cfg</c> and <c>x86/</c>, or null when there is none.</summary>
    public static string? Find() => KvmUnitTestsFolder.Find(Path.GetDirectoryName(Cli.SpecsFolder())!);
}

/// <summary>A test that boots the built kvm-unit-tests: skipped, saying why, when they are absent.</summary>
internal sealed class KvmUnitTestsFactAttribute : FactAttribute
{
    public KvmUnitTestsFactAttribute()
    {
        if (KvmUnitTestsDirectory.Find() is null) Skip = $"kvm-unit-tests: {KvmUnitTestsFolder.Missing}";
    }
}
