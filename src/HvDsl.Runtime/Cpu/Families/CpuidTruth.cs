using System;
using System.Collections.Generic;
using System.Linq;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu.Families;

/// <summary>One way a CPUID table and the instruction families disagree: a flag no family backs, or a family's code no flag advertises.</summary>
/// <param name="Message">The disagreement in a line.</param>
/// <param name="Code">The instruction code concerned, if any.</param>
internal sealed record CpuidDisagreement(string Message, Code? Code = null);

/// <summary>
/// Holds a CPUID table to the truth both ways: every feature flag it sets is one the runtime knows and, for an instruction
/// set, every code Iced tags with it is registered; every registered code's features are either baseline or advertised.
/// </summary>
internal static class CpuidTruth
{
    /// <summary>Features with no flag that every x86-64 processor has: the 8086..486 sets, CPUID, multi-byte NOP (family 6), PAUSE (REP NOP before the Pentium 4).</summary>
    private static readonly CpuidFeature[] Baseline =
    [
        CpuidFeature.INTEL8086, CpuidFeature.INTEL186, CpuidFeature.INTEL286, CpuidFeature.INTEL386, CpuidFeature.INTEL486,
        CpuidFeature.CPUID, CpuidFeature.MULTIBYTENOP, CpuidFeature.PAUSE,
    ];

    /// <summary>Codes registered to behave as a processor without their feature runs them, so no flag is needed for them.</summary>
    private static readonly Dictionary<Code, string> AsWithoutTheirFeature = new()
    {
        // 0F 1E is in the hint-NOP space: a NOP where CET is absent (SDM vol. 1, 17.2).
        [Code.Endbr32] = "a NOP without CET", [Code.Endbr64] = "a NOP without CET",
        // Intel processors without PREFETCHW decode 0F 0D /1 as a NOP (SDM vol. 2B, PREFETCHW).
        [Code.Prefetchw_m8] = "a NOP without PREFETCHW", [Code.Prefetchreserved3_m8] = "a NOP without PREFETCHW",
        [Code.Vmcall] = "#UD without VMX operation", [Code.Vmmcall] = "#UD without SVM",
        // F3 0F BC is BSF with an ignored REP prefix where BMI1 is absent (SDM vol. 2B, TZCNT); BMI1's VEX forms are missing.
        [Code.Tzcnt_r16_rm16] = "BSF without BMI1", [Code.Tzcnt_r32_rm32] = "BSF without BMI1", [Code.Tzcnt_r64_rm64] = "BSF without BMI1",
    };

    /// <summary>Compares <paramref name="cpuid"/> (leaf, subleaf to EAX..EDX) with <paramref name="table"/>; empty when CPUID tells the truth.</summary>
    public static IReadOnlyList<CpuidDisagreement> Check(InstructionTable table, Func<uint, uint, (uint Eax, uint Ebx, uint Ecx, uint Edx)> cpuid)
    {
        var disagreements = new List<CpuidDisagreement>();
        var advertised = new List<CpuidFlag>();
        foreach (var (leaf, subleaf) in CpuidFlags.FeatureLeaves)
        {
            var (_, ebx, ecx, edx) = cpuid(leaf, subleaf);
            // Leaf 01H's EBX holds fields (brand index, CLFLUSH size, APIC ID), not flags.
            var registers = leaf == 1 ? [(CpuidRegister.Ecx, ecx), (CpuidRegister.Edx, edx)] : new[] { (CpuidRegister.Ebx, ebx), (CpuidRegister.Ecx, ecx), (CpuidRegister.Edx, edx) };
            foreach (var (register, value) in registers)
            {
                for (var bit = 0; bit < 32; bit++)
                {
                    if ((value >> bit & 1) == 0)
                        continue;
                    var flag = Array.Find(CpuidFlags.All, f => f.Leaf == leaf && f.Subleaf == subleaf && f.Register == register && f.Bit == bit);
                    if (flag is null)
                        disagreements.Add(new($"CPUID.{leaf:X2}H.{subleaf}:{register.ToString().ToUpperInvariant()}[{bit}] is set but names no feature the runtime implements"));
                    else
                        advertised.Add(flag);
                }
            }
        }
        var enabled = new HashSet<CpuidFeature>(Baseline.Concat(advertised.SelectMany(f => f.Instructions)));
        foreach (var code in Enum.GetValues<Code>())
        {
            if (!IsInstruction(code) || AsWithoutTheirFeature.ContainsKey(code))
                continue;
            var features = code.CpuidFeatures();
            if (table.FamilyOf(code) is { } family)
            {
                var missing = features.Where(f => !enabled.Contains(f)).ToArray();
                if (missing.Length > 0)
                    disagreements.Add(new($"the {family} family executes {code} ({string.Join(", ", missing)}) but CPUID does not advertise it", code));
            }
            else if (features.All(enabled.Contains) && advertised.FirstOrDefault(f => f.Instructions.Intersect(features).Any()) is { } flag)
                disagreements.Add(new($"{flag} is advertised but no family executes {code}", code));
        }
        return disagreements;
    }

    /// <summary>
    /// A legacy-encoded instruction the vCPU's decoder (default options) produces: VEX, EVEX, XOP, 3DNow! and pre-486 aliases
    /// are outside it, and so is the 8086's POP CS, whose 0F is the two-byte escape on every later processor.
    /// </summary>
    private static bool IsInstruction(Code code) =>
        code is not (Code.INVALID or Code.DeclareByte or Code.DeclareWord or Code.DeclareDword or Code.DeclareQword or Code.Zero_bytes or Code.Popw_CS)
        && code.Encoding() == EncodingKind.Legacy && code.ToOpCode() is { DecoderOption: DecoderOptions.None } op && (op.IntelDecoder16 || op.IntelDecoder32 || op.IntelDecoder64);
}
