using System.IO;

namespace HvDsl.Cli.Tests.KvmUnitTests;

/// <summary>The kvm-unit-tests binaries, multiboot ELF32 images nobody here wrote, start through <c>hvdsl run --kernel</c>.</summary>
public sealed class KernelLoaderTests
{
    [KvmUnitTestsFact]
    public void Dummy_boots_past_the_loader_to_its_first_local_apic_access()
    {
        var dummy = Path.Combine(KvmUnitTestsDirectory.Find()!, "x86", "dummy.flat");

        var (exit, _, errors) = Cli.Run("run", "--kernel", dummy, "--max-instructions", "100000000");

        // Without a local APIC the run stops at the test's first APIC access (the ID register); with one, the test passes.
        var reachedApic = exit == 2 && errors.Contains("access to unmapped guest-physical address 0xFEE00020");
        Assert.True(reachedApic || exit == 1, $"exit {exit}: {errors}");
    }
}
