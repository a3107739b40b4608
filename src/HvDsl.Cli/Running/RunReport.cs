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
        long decoded = 0;
        foreach (var cpu in vm.Cpus)
            decoded += cpu.Statistics.BlocksDecoded;
        stderr.WriteLine(string.Format(culture, "blocks decoded: {0:N0}", decoded));
        if (!vm.Translate)
        {
            stderr.WriteLine("translation: off (--no-translate)");
            return;
        }
        WriteTranslation(stderr, instructions, vm, culture);
    }

    /// <summary>What the vCPUs translated and what that cost, then how much of the run the translations ran.</summary>
    private static void WriteTranslation(TextWriter stderr, ulong instructions, Vm vm, CultureInfo culture)
    {
        long blocks = 0, again = 0, backedOff = 0, declined = 0, evicted = 0, stale = 0, translated = 0, stepped = 0, runs = 0, entries = 0;
        TimeSpan emitting = TimeSpan.Zero, compiling = TimeSpan.Zero;
        foreach (var cpu in vm.Cpus)
        {
            var statistics = cpu.Statistics;
            (blocks, again, declined) = (blocks + statistics.BlocksTranslated, again + statistics.BlocksRetranslated, declined + statistics.BlocksDeclined);
            (evicted, stale) = (evicted + statistics.TranslationsEvicted, stale + statistics.TranslationsStale);
            backedOff += statistics.BlocksBackedOff;
            (translated, stepped) = (translated + statistics.InstructionsTranslated, stepped + statistics.InstructionsStepped);
            (runs, entries) = (runs + statistics.TranslatedBlockRuns, entries + statistics.TranslatedRunLoopEntries);
            (emitting, compiling) = (emitting + statistics.TranslationTime, compiling + statistics.TranslationJitTime);
        }
        stderr.WriteLine(string.Format(culture,
            "translation: {0:N0} blocks translated in {1:F3} s ({2:F3} s emitting IL, {3:F3} s JIT), {4:N0} of them again, {5:N0} declined, {6:N0} evicted, {7:N0} stale, {8:N0} backed off",
            blocks, (emitting + compiling).TotalSeconds, emitting.TotalSeconds, compiling.TotalSeconds, again, declined, evicted, stale, backedOff));
        stderr.WriteLine(string.Format(culture, "translated code ran {0:N0} instructions ({1:P1} of the run), {2:N0} of them in the interpreter",
            translated, translated / Math.Max((double)instructions, 1), stepped));
        stderr.WriteLine(string.Format(culture, "translated blocks ran {0:N0} times ({1:F1} instructions a run), {2:N0} of them entered from the run loop",
            runs, translated / Math.Max((double)runs, 1), entries));
    }
}
