using System;
using System.Linq;
using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace HvDsl.Runtime.Tests.Translation;

/// <summary>
/// Where a fuzz program's time goes, on newly built VMs and on <see cref="ReusedVms"/>, in this thread's CPU
/// milliseconds (RyuJIT compiles a translation on the thread that first runs it; the GC's own threads are not counted).
/// HVDSL_TRANSLATION_FUZZ_PROFILE=N measures N programs a case after 50 of warm-up (docs/benchmarks.md); without it a
/// few programs check only that both ways end alike.
/// </summary>
public sealed class FuzzProgramCostTests(ITestOutputHelper output)
{
    private static int Programs => int.TryParse(Environment.GetEnvironmentVariable("HVDSL_TRANSLATION_FUZZ_PROFILE"), out var count) && count > 0 ? count : 0;

    [Theory]
    [MemberData(nameof(TranslationDifferentialTests.Cases), MemberType = typeof(TranslationDifferentialTests))]
    public void Programs_end_alike_on_new_and_reused_vms_and_their_phases_are_timed(bool long64, bool straight)
    {
        var (warmUp, measured) = Programs > 0 ? (50, Programs) : (0, 4);
        using var vms = new ReusedVms();
        var rows = new double[2][];
        var counters = new System.Collections.Generic.List<string>[warmUp + measured];
        for (var reuse = 0; reuse < 2; reuse++)
        {
            var sum = new double[9];
            for (var i = 0; i < warmUp + measured; i++)
            {
                var seed = 2 * (200_000 + i) + (long64 ? 1 : 0);
                var phase = new double[9];
                var at = Now();
                var program = TranslationDifferentialTests.Program(seed, long64, straight);
                phase[0] = Lap(ref at);
                var (interpreted, compiled) = reuse == 1 ? vms.Boot(program) : (program.Boot(translate: false), program.Boot(translate: true));
                phase[1] = Lap(ref at);
                var expected = interpreted.Run(program.Budget).ToString();
                phase[2] = Lap(ref at);
                var actual = compiled.Run(program.Budget).ToString();
                phase[3] = Lap(ref at);
                var same = expected == actual && TranslationDifferentialTests.State(interpreted).SequenceEqual(TranslationDifferentialTests.State(compiled))
                    && TranslationDifferentialTests.FirstDifferentByte(interpreted, compiled, vms.Buffers) is null;
                phase[4] = Lap(ref at);
                var statistics = compiled.Cpu.Statistics;
                (phase[5], phase[6], phase[7]) = (statistics.TranslationTime.TotalMilliseconds, statistics.TranslationJitTime.TotalMilliseconds, statistics.BlocksTranslated);
                phase[8] = statistics.TranslationIlBytes;
                if (reuse == 0)
                {
                    interpreted.Dispose();
                    compiled.Dispose();
                    phase[1] += Lap(ref at);
                }
                Assert.True(same, $"seed {seed} diverged on {(reuse == 1 ? "reused" : "new")} VMs");
                // Reused VMs must translate as new ones do: the same blocks, the same IL.
                if (reuse == 0)
                    counters[i] = ReusedVmTests.Counters(statistics);
                else
                    Assert.Equal(counters[i], ReusedVmTests.Counters(statistics));
                if (i < warmUp)
                    continue;
                for (var p = 0; p < sum.Length; p++)
                    sum[p] += phase[p];
                _slowest[reuse] = Math.Max(_slowest[reuse], phase[..5].Sum());
            }
            rows[reuse] = sum.Select(s => s / measured).ToArray();
        }
        output.WriteLine("| VMs | total | generate | boot both VMs | interpreter | translated run (IL, RyuJIT) | compare | translations | IL bytes a block | slowest |");
        for (var reuse = 0; reuse < 2; reuse++)
        {
            var r = rows[reuse];
            output.WriteLine($"| {(reuse == 1 ? "reused" : "new")} | {r[..5].Sum():F1} | {r[0]:F1} | {r[1]:F1} | {r[2]:F1} | {r[3]:F1} ({r[5]:F1}, {r[6]:F1}) | {r[4]:F1} | {r[7]:F1} | {r[8] / Math.Max(r[7], 1):F0} | {_slowest[reuse]:F0} |");
        }
    }

    /// <summary>The slowest program's milliseconds, on new VMs and on reused ones.</summary>
    private readonly double[] _slowest = new double[2];

    /// <summary>Milliseconds since the last lap, moving <paramref name="at"/> on.</summary>
    private static double Lap(ref double at)
    {
        var now = Now();
        var lap = now - at;
        at = now;
        return lap;
    }

    /// <summary>This thread's CPU time in milliseconds where Linux gives it, else the wall clock's.</summary>
    private static double Now()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ThreadCpuClock, out var time) == 0)
            return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
        return Environment.TickCount64;
    }

    private const int ThreadCpuClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
