using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Cli.Running;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Snapshots;
using HvDsl.Runtime.Tests.Snapshots;

namespace HvDsl.Cli.Tests.Snapshots;

/// <summary>
/// Seeded hostile <c>--save-at</c> files through what <c>hvdsl resume</c> does before the guest runs (header, bounded read,
/// PC restore with its real devices): each is restored or refused with one SnapshotException, which the CLI exits 64 on.
/// </summary>
public sealed class ResumeFileFuzzTests : IDisposable
{
    private const int Mutants = 3_000;
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-fuzz-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Every_mutant_file_restores_or_is_refused_in_one_line_within_200_MB()
    {
        var file = Path.Combine(scratch, "kernel.snap");
        Assert.Equal(0, Cli.Run("run", "--demo", "kernel", "--save-at", "1000", "--snapshot", file).Exit);
        var good = File.ReadAllBytes(file);
        // The mutants' header is the one 'run --save-at' writes.
        Assert.Equal(good[..RunSnapshotBytes.HeaderSize], RunSnapshotBytes.WithHeader(PcMachine.DefaultMemoryBytes, [])[..RunSnapshotBytes.HeaderSize]);
        var mutator = new SnapshotMutator(good[RunSnapshotBytes.HeaderSize..], seed: 0x64);
        var random = new Random(0x64);
        using var machine = new PcMachine(Stream.Null);
        var problems = new List<string>();
        for (var i = 0; i < Mutants && problems.Count < 10; i++)
        {
            var (snapshot, edit) = mutator.Next();
            var mutant = RunSnapshotBytes.WithHeader(PcMachine.DefaultMemoryBytes, snapshot);
            if (random.Next(8) == 0)
            {
                // The RAM size is the one number the CLI allocates by; the header's checksum is made right again.
                BitConverter.GetBytes(random.Next(2) == 0 ? (ulong)random.NextInt64() : 1UL << random.Next(64)).CopyTo(mutant, 10);
                mutant = RunSnapshotBytes.Rechecksum(mutant);
                edit += ", RAM size";
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var (memoryBytes, read) = RunSnapshotFile.Read(new MemoryStream(mutant, writable: false), "snapshot");
                Assert.Equal(PcMachine.DefaultMemoryBytes, memoryBytes);
                machine.Vm.Restore(read);
            }
            catch (SnapshotException error)
            {
                if (error.Message.AsSpan().ContainsAny('\n', '\r')) problems.Add($"mutant {i} ({edit}): two-line refusal '{error.Message}'");
            }
            catch (Exception error)
            {
                problems.Add($"mutant {i} ({edit}): {error.GetType().Name}: {error.Message}");
            }
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > 200 << 20) problems.Add($"mutant {i} ({edit}) allocated {allocated} bytes");
        }
        Assert.Empty(problems);
    }
}
