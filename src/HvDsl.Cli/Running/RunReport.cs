using System;
using System.Globalization;
using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Exits;

namespace HvDsl.Cli.Running;

/// <summary>The statistics <c>hvdsl run</c> prints on stderr after a run: exits by reason, instructions and their rate, unassigned-memory accesses, translation.</summary>
internal static class RunReport
{
    /// <summary>Writes the table of exits with a count, then the instruction count and rate, a warning for accesses to unassigned memory, then what <paramref name="vm"/>'s vCPUs translated.</summary>
    public static void Write(TextWriter stderr, ReadOnlySpan<long> counts, ulong instructions, TimeSpan elapsed, Vm vm)
    {
        var culture = CultureInfo.InvariantCulture;
        long total = 0;
        stderr.WriteLine("VM exits by reason:");
        for (var reason = 0; reason < counts.Length; reason++)
        {
            if (counts[reason] == 0) continue;
            total += counts[reason];
            stderr.WriteLine(string.Format(culture, "  {0,-18}{1,12:N0}", (ExitReason)reason, counts[reason]));
        }
        stderr.WriteLine(string.Format(culture, "  {0,-18}{1,12:N0}", "total", total));
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        stderr.WriteLine(string.Format(culture, "guest instructions: {0:N0} in {1:F3} s ({2:N0} instructions/s, {3:N0} exits/s)",
            instructions, elapsed.TotalSeconds, instructions / seconds, total / seconds));
        long unassigned = 0;
        foreach (var cpu in vm.Cpus)
            unassigned += cpu.Statistics.UnassignedAccesses;
        if (unassigned != 0)
            stderr.WriteLine(string.Format(culture, "warning: {0:N0} accesses to unassigned guest-physical memory (reads saw all ones, writes were dropped)", unassigned));
        if (!vm.Translate)
        {
            stderr.WriteLine("translation: off (no --translate)");
            return;
        }
        long blocks = 0;
        var translating = TimeSpan.Zero;
        foreach (var cpu in vm.Cpus)
        {
            blocks += cpu.Statistics.BlocksTranslated;
            translating += cpu.Statistics.TranslationTime;
        }
        stderr.WriteLine(string.Format(culture, "translation: {0:N0} blocks translated in {1:F3} s", blocks, translating.TotalSeconds));
    }
}
