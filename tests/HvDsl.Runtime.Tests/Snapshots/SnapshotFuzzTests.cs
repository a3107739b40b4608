using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>Seeded hostile snapshots: each one restores or is refused with a one-line SnapshotException, within 200 MB.</summary>
public sealed class SnapshotFuzzTests
{
    private const int Mutants = 12_000;
    private const long AllocationBound = 200L << 20;

    [Fact]
    public void Every_mutant_restores_or_is_refused_in_one_line_within_200_MB()
    {
        using var source = SnapshotVm.Create();
        source.Run(3001);
        var mutator = new SnapshotMutator(SnapshotVm.Save(source), seed: 0x5A4B);
        using var target = SnapshotVm.Create();
        var problems = new List<string>();
        var refused = 0;
        for (var i = 0; i < Mutants && problems.Count < 10; i++)
        {
            var (mutant, edit) = mutator.Next();
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                target.Restore(new MemoryStream(mutant, writable: false));
            }
            catch (SnapshotException error)
            {
                refused++;
                if (error.Message.AsSpan().ContainsAny('\n', '\r')) problems.Add($"mutant {i} ({edit}): two-line refusal '{error.Message}'");
            }
            catch (Exception error)
            {
                problems.Add($"mutant {i} ({edit}): {error.GetType().Name}: {error.Message}");
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > AllocationBound) problems.Add($"mutant {i} ({edit}) allocated {allocated} bytes");
        }
        Assert.Empty(problems);
        // Most mutants must reach the parser's checks, not only the checksum's: a sanity bound on the mix.
        Assert.InRange(refused, Mutants / 2, Mutants);
    }
}
