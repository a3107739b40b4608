namespace HvDsl.Runtime.Tests.Conformance;

internal enum Verdict
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>The verdict on one vector; <paramref name="Detail"/> is the skip reason or the differences found.</summary>
internal readonly record struct VectorOutcome(Verdict Verdict, string? Detail = null);
