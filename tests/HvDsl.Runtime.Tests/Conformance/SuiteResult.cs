using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>A suite's results: the summary line and a failure report grouped by opcode.</summary>
internal sealed class SuiteResult(string name, IReadOnlyList<OpcodeResult> opcodes)
{
    public string Name { get; } = name;
    public IReadOnlyList<OpcodeResult> Opcodes { get; } = opcodes;
    public int Passed => Opcodes.Sum(o => o.Passed);
    public int Failed => Opcodes.Sum(o => o.Failed);
    public int Skipped => Opcodes.Sum(o => o.Skipped);

    /// <summary>The line the conformance README asks every runner to print.</summary>
    public string Summary => $"conformance {Name}: {Passed} passed, {Failed} failed, {Skipped} skipped";

    /// <summary>Skipped vectors per skip rule, most first: what the suite does not judge.</summary>
    public string SkipReport() => string.Join("\n", Opcodes
        .SelectMany(o => o.SkipReasons)
        .GroupBy(r => r.Key, r => r.Value)
        .Select(g => (Reason: g.Key, Count: g.Sum()))
        .OrderByDescending(r => r.Count)
        .Select(r => $"    skipped {r.Count}: {r.Reason}"));

    /// <summary>Each failing opcode with its count and first failures.</summary>
    public string FailureReport()
    {
        var report = new StringBuilder();
        foreach (OpcodeResult opcode in Opcodes.Where(o => o.Failed > 0))
        {
            report.AppendLine($"{opcode.Opcode}: {opcode.Failed} failed");
            foreach (string example in opcode.Examples)
                report.AppendLine("    " + example);
        }
        return report.ToString();
    }
}
