using System.Collections.Generic;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Counts for one vector file, with the first failures described.</summary>
internal sealed class OpcodeResult(string opcode)
{
    /// <summary>Failures described per opcode: enough to see a pattern, short enough to read.</summary>
    public const int ExamplesKept = 3;

    public string Opcode { get; } = opcode;
    public int Passed { get; private set; }
    public int Failed { get; private set; }
    public int Skipped { get; private set; }
    public List<string> Examples { get; } = [];

    /// <summary>How many vectors each skip rule took.</summary>
    public Dictionary<string, int> SkipReasons { get; } = [];

    public void Add(ConformanceVector vector, VectorOutcome outcome)
    {
        switch (outcome.Verdict)
        {
            case Verdict.Passed:
                Passed++;
                break;
            case Verdict.Skipped:
                Skipped++;
                string reason = outcome.Detail ?? "";
                SkipReasons[reason] = SkipReasons.GetValueOrDefault(reason) + 1;
                break;
            default:
                Failed++;
                if (Examples.Count < ExamplesKept)
                    Examples.Add($"#{vector.Index} {vector.Name} [{System.Convert.ToHexString(vector.Bytes)}]: {outcome.Detail}");
                break;
        }
    }
}
