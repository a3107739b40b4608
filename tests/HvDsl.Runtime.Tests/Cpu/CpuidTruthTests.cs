using System.Collections.Generic;
using System.Linq;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Cpu.Families;
using Iced.Intel;

namespace HvDsl.Runtime.Tests.Cpu;

/// <summary>The vCPU's built-in CPUID table advertises exactly what its instruction families execute, but for the gaps named here.</summary>
public sealed class CpuidTruthTests
{
    /// <summary>
    /// The disagreements known today, by mnemonic, each with why it is harmless. FISTTP (SSE3) is executed though SSE3 is not
    /// advertised, because the rest of SSE3 (ADDSUBPS, HADDPS, LDDQU, MOVDDUP ...) is missing: software that reads CPUID never
    /// emits it, and software that emits it anyway gets the SSE3 result instead of the #UD of a processor without SSE3, never
    /// a wrong one. Remove an entry once it is mended.
    /// </summary>
    internal static readonly HashSet<Mnemonic> KnownGaps =
    [
        Mnemonic.Fisttp,
    ];

    /// <summary>The disagreements of <paramref name="cpuid"/> outside <see cref="KnownGaps"/>, one per line.</summary>
    internal static string Unknown(IReadOnlyList<CpuidDisagreement> disagreements) =>
        string.Join("\n", disagreements.Where(d => d.Code is not { } code || !KnownGaps.Contains(code.Mnemonic())).Select(d => d.Message));

    /// <summary>The check of the built-in table with leaf 1's ECX bits <paramref name="ecxSet"/> set and EDX bits <paramref name="edxClear"/> cleared.</summary>
    private static IReadOnlyList<CpuidDisagreement> CheckBuiltInWithLeaf1(uint ecxSet, uint edxClear) =>
        CpuidTruth.Check(VCpu.RegisterFamilies(), (leaf, subleaf) =>
        {
            var answer = VCpu.BuiltInCpuid(leaf, subleaf);
            return leaf == 1 ? (answer.Eax, answer.Ebx, answer.Ecx | ecxSet, answer.Edx & ~edxClear) : answer;
        });

    [Fact]
    public void Built_in_cpuid_advertises_every_family_it_executes_and_nothing_more()
    {
        var disagreements = CpuidTruth.Check(VCpu.RegisterFamilies(), VCpu.BuiltInCpuid);

        var unknown = Unknown(disagreements);
        Assert.True(unknown == "", unknown);
    }

    [Fact]
    public void Every_known_gap_is_still_a_disagreement()
    {
        var open = CpuidTruth.Check(VCpu.RegisterFamilies(), VCpu.BuiltInCpuid).Select(d => d.Code?.Mnemonic()).ToHashSet();

        Assert.Equal("", string.Join(", ", KnownGaps.Where(m => !open.Contains(m))));
    }

    [Fact]
    public void A_flag_advertised_without_its_instructions_is_named_with_a_missing_code()
    {
        var disagreements = CheckBuiltInWithLeaf1(ecxSet: 1u << 9, edxClear: 0);

        Assert.Contains(disagreements, d => d.Message == "CPUID.01H:ECX.SSSE3[9] is advertised but no family executes Pshufb_xmm_xmmm128");
    }

    [Fact]
    public void A_family_executing_an_unadvertised_set_is_named_with_its_feature()
    {
        var disagreements = CheckBuiltInWithLeaf1(ecxSet: 0, edxClear: 1u << 23);

        Assert.Contains(disagreements, d => d.Message == "the sse family executes Emms (MMX) but CPUID does not advertise it");
    }

    [Fact]
    public void An_unknown_flag_is_named_by_its_place()
    {
        var disagreements = CheckBuiltInWithLeaf1(ecxSet: 1u << 5, edxClear: 0);

        Assert.Contains(disagreements, d => d.Message == "CPUID.01H.0:ECX[5] is set but names no feature the runtime implements");
    }
}
