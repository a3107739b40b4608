using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Cpu;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// The interpreter is the translator's oracle: seeded random programs run through both and must end with the same exit,
/// every register, flag and counter (the vCPU's whole saved state) and every byte of guest memory. The programs of a case
/// run on every core, each worker on one pair of VMs it returns to a new VM's state between programs (<see cref="ReusedVms"/>); a divergence names the seed, the first differing register or byte
/// and the listing, and <c>HVDSL_TRANSLATION_FUZZ_SEED=&lt;seed&gt; dotnet test tests/HvDsl.Runtime.Tests --filter
/// "FullyQualifiedName~TranslationDifferentialTests"</c> runs that one program again (in every case; the others pass).
/// </summary>
public sealed class TranslationDifferentialTests
{
    /// <summary>Guest RAM each program's VMs have, all of it compared.</summary>
    private const int MemoryBytes = RandomProgram.MemoryBytes;

    /// <summary>How much of the two memories is compared at a time, through two buffers each worker keeps.</summary>
    private const int Chunk = ReusedVms.Chunk;

    /// <summary>Sequences per mode in the normal suite; HVDSL_TRANSLATION_FUZZ sets another count (bench/scripts/translation-fuzz.sh runs 100,000 in parts).</summary>
    private static int Sequences => int.TryParse(Environment.GetEnvironmentVariable("HVDSL_TRANSLATION_FUZZ"), out var count) && count > 0 ? count : 400;

    /// <summary>The first program of a case HVDSL_TRANSLATION_FUZZ_FROM names (0 by default), so a long run can go in parts.</summary>
    private static int From => int.TryParse(Environment.GetEnvironmentVariable("HVDSL_TRANSLATION_FUZZ_FROM"), out var from) && from >= 0 ? from : 0;

    /// <summary>The one seed HVDSL_TRANSLATION_FUZZ_SEED names, to run a reported divergence again, or null for the whole range.</summary>
    private static int? OnlySeed => int.TryParse(Environment.GetEnvironmentVariable("HVDSL_TRANSLATION_FUZZ_SEED"), out var seed) && seed >= 0 ? seed : null;

    /// <summary>The four cases, (long64, straight): 64- and 32-bit, with jumps and calls or a straight loop.</summary>
    public static readonly TheoryData<bool, bool> Cases = new() { { true, false }, { false, false }, { true, true }, { false, true } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Random_programs_end_in_the_same_state_translated_or_interpreted(bool long64, bool straight)
    {
        var parity = long64 ? 1 : 0;
        if (OnlySeed is { } only && only % 2 != parity)
            return;
        var seeds = OnlySeed is { } one ? [one] : Enumerable.Range(From, Sequences).Select(i => i * 2 + parity).ToArray();
        var translated = 0L;
        var divergences = new ConcurrentBag<(int Seed, string Report)>();
        using var stop = new CancellationTokenSource();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = stop.Token };
        try
        {
            Parallel.ForEach(seeds, options, () => new ReusedVms(), (seed, _, vms) =>
            {
                if (Compare(seed, long64, straight, vms, out var blocks) is { } report)
                {
                    divergences.Add((seed, report));
                    stop.Cancel();
                }
                Interlocked.Add(ref translated, blocks);
                return vms;
            }, vms => vms.Dispose());
        }
        catch (OperationCanceledException)
        {
        }
        // The lowest seed that diverged, so a rerun of the same count reports the same program.
        if (!divergences.IsEmpty)
            Assert.Fail(divergences.MinBy(d => d.Seed).Report);
        Assert.True(translated >= seeds.Length, $"only {translated} blocks were translated in {seeds.Length} programs");
    }

    /// <summary>
    /// Programs the full-count fuzz found diverging: a budget stop cut a block the interpreter ran right after a translated one,
    /// and the translated run did not hold interrupts until that block's end (the hold read a stale interpreter position).
    /// </summary>
    [Theory]
    [InlineData(8723, true)]
    [InlineData(9152, false)]
    public void A_budget_stop_inside_a_block_holds_interrupts_to_its_end_translated_or_interpreted(int seed, bool long64)
    {
        using var vms = new ReusedVms();
        Assert.Null(Compare(seed, long64, straight: false, vms, out _));
    }

    /// <summary>Runs program <paramref name="seed"/> both ways: null when the two agree, else what differs first and the program.</summary>
    private static string? Compare(int seed, bool long64, bool straight, ReusedVms vms, out long blocks) =>
        Compare(Program(seed, long64, straight), seed, vms, out blocks);

    /// <summary>Program <paramref name="seed"/> of a case: 24 instructions with jumps and calls, or a straight loop of <see cref="StraightLength"/>.</summary>
    internal static RandomProgram Program(int seed, bool long64, bool straight) => new(seed, long64, length: straight ? StraightLength(seed) : 24, straight);

    /// <summary>A straight loop's instructions: 12, or for odd seeds 20, which with the loop's own makes a body the translator emits once.</summary>
    internal static int StraightLength(int seed) => seed % 2 == 0 ? 12 : 20;

    /// <summary>Runs <paramref name="program"/> both ways on <paramref name="vms"/>: null when the two agree, else what differs first and the program.</summary>
    internal static string? Compare(RandomProgram program, int seed, ReusedVms vms, out long blocks)
    {
        var (interpreted, compiled) = vms.Boot(program);
        var buffers = vms.Buffers;
        var expected = interpreted.Run(program.Budget);
        var actual = compiled.Run(program.Budget);
        blocks = compiled.Cpu.Statistics.BlocksTranslated;
        var difference = expected.Reason != actual.Reason || expected.Message != actual.Message || expected.Address != actual.Address
            ? $"exit {actual} instead of {expected}"
            : !State(interpreted).SequenceEqual(State(compiled))
                ? $"vCPU state differs ({Difference(interpreted, compiled)})"
                : FirstDifferentByte(interpreted, compiled, buffers) is { } address
                    ? $"guest memory differs first at {address:X}"
                    : null;
        return difference is null ? null : $"{difference} at seed {seed}, budget {program.Budget} (HVDSL_TRANSLATION_FUZZ_SEED={seed} runs it alone):{Environment.NewLine}{program.Listing}";
    }

    internal static byte[] State(Vm vm)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            vm.Cpu.SaveState(writer);
        return stream.ToArray();
    }

    /// <summary>The lowest guest-physical address whose byte differs between the two VMs' memories, or null when none does.</summary>
    internal static ulong? FirstDifferentByte(Vm a, Vm b) => FirstDifferentByte(a, b, (new byte[Chunk], new byte[Chunk]));

    internal static ulong? FirstDifferentByte(Vm a, Vm b, (byte[] A, byte[] B) buffers)
    {
        for (var at = 0; at < MemoryBytes; at += Chunk)
        {
            Assert.True(a.Memory.Read((ulong)at, buffers.A) && b.Memory.Read((ulong)at, buffers.B));
            var index = buffers.A.AsSpan().CommonPrefixLength(buffers.B);
            if (index < Chunk)
                return (ulong)(at + index);
        }
        return null;
    }

    internal static string Difference(Vm a, Vm b)
    {
        var names = new[] { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
        var parts = names.Select((name, i) => (name, x: a.Cpu.GetRegister(Iced.Intel.Register.RAX + i), y: b.Cpu.GetRegister(Iced.Intel.Register.RAX + i)))
            .Where(p => p.x != p.y).Select(p => $"{p.name} {p.x:X} vs {p.y:X}").ToList();
        if (a.Cpu.Rip != b.Cpu.Rip) parts.Add($"rip {a.Cpu.Rip:X} vs {b.Cpu.Rip:X}");
        if (a.Cpu.RFlags != b.Cpu.RFlags) parts.Add($"rflags {a.Cpu.RFlags:X} vs {b.Cpu.RFlags:X}");
        if (a.Cpu.Architectural.Mxcsr != b.Cpu.Architectural.Mxcsr) parts.Add($"mxcsr {a.Cpu.Architectural.Mxcsr:X} vs {b.Cpu.Architectural.Mxcsr:X}");
        if (a.Cpu.InstructionCount != b.Cpu.InstructionCount) parts.Add($"count {a.Cpu.InstructionCount} vs {b.Cpu.InstructionCount}");
        return parts.Count == 0 ? "other state" : string.Join(", ", parts);
    }
}
