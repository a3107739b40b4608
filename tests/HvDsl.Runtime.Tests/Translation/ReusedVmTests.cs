using System.Collections.Generic;
using System.Linq;
using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// The fuzz's reused VMs (<see cref="ReusedVms"/>) are exact: a pair that ran one program and is then booted into
/// another ends that program with the same exit, vCPU state, guest memory and statistics as two newly built VMs do.
/// </summary>
public sealed class ReusedVmTests
{
    private static readonly (bool Long64, bool Straight)[] Cases =
        TranslationDifferentialTests.Cases.Select(row => ((bool)row[0], (bool)row[1])).ToArray();

    [Theory]
    [MemberData(nameof(TranslationDifferentialTests.Cases), MemberType = typeof(TranslationDifferentialTests))]
    public void A_reused_vm_pair_ends_a_program_as_new_vms_do_after_another_program(bool long64, bool straight)
    {
        var @case = System.Array.IndexOf(Cases, (long64, straight));
        using var vms = new ReusedVms();
        for (var k = 0; k < 3; k++)
        {
            // The program run first comes from each other case in turn, so the reset also undoes another mode and its stack.
            var (firstLong64, firstStraight) = Cases[(@case + 1 + k) % Cases.Length];
            var first = TranslationDifferentialTests.Program(101 + 2 * k + (firstLong64 ? 1 : 0), firstLong64, firstStraight);
            var seed = 2 * (7 + 3 * k) + (long64 ? 1 : 0);
            var program = TranslationDifferentialTests.Program(seed, long64, straight);
            var before = vms.Boot(first);
            before.Interpreted.Run(first.Budget);
            before.Compiled.Run(first.Budget);
            var reused = vms.Boot(program);
            foreach (var (vm, translate) in new[] { (reused.Interpreted, false), (reused.Compiled, true) })
            {
                using var fresh = TranslationDifferentialTests.Program(seed, long64, straight).Boot(translate);
                Assert.Equal(fresh.Run(program.Budget).ToString(), vm.Run(program.Budget).ToString());
                Assert.Equal(TranslationDifferentialTests.State(fresh), TranslationDifferentialTests.State(vm));
                Assert.Null(TranslationDifferentialTests.FirstDifferentByte(fresh, vm));
                Assert.Equal(Counters(fresh.Cpu.Statistics), Counters(vm.Cpu.Statistics));
                Assert.True(!translate || vm.Cpu.Statistics.BlocksTranslated > 0, $"seed {seed} translated nothing");
            }
        }
    }

    /// <summary>Every counter of <paramref name="statistics"/> (all but the host times), by name.</summary>
    internal static List<string> Counters(VCpuStatistics statistics) =>
        typeof(VCpuStatistics).GetProperties().Where(p => p.PropertyType == typeof(long)).Select(p => $"{p.Name} {p.GetValue(statistics)}")
            .Concat(statistics.UnimplementedByCode.OrderBy(u => u.Key).Select(u => $"unimplemented {u.Key} {u.Value}")).ToList();
}
