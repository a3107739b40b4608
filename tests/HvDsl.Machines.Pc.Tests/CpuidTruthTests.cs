using System.Linq;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Cpu.Families;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The PC machine's CPUID table (specs/cpu/x86-traps.hvspec) tells the guest the truth about the vCPU's instruction families.</summary>
public sealed class CpuidTruthTests
{
    [Fact]
    public void The_spec_cpuid_disagrees_with_the_families_only_where_the_built_in_table_does()
    {
        var families = VCpu.RegisterFamilies();
        // The built-in table's test in HvDsl.Runtime.Tests names each of those gaps and why it is open.
        var builtIn = CpuidTruth.Check(families, VCpu.BuiltInCpuid).Select(d => d.Message);

        var shipped = CpuidTruth.Check(families, CpuidTable.Query).Select(d => d.Message);

        Assert.Equal(string.Join("\n", builtIn), string.Join("\n", shipped));
    }
}
