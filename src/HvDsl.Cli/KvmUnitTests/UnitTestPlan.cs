using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>
/// How one <see cref="UnitTestEntry"/> runs: the <c>hvdsl run --kernel</c> arguments standing for the suite's
/// <c>x86/run</c> QEMU command line, or the reason it is skipped (the suite's own reasons, where it has one).
/// </summary>
/// <param name="Name">The test's name.</param>
/// <param name="SkipReason">Why the test does not run, or null when it does.</param>
/// <param name="Arguments">The <c>hvdsl</c> arguments, from <c>run</c> on; empty when skipped.</param>
/// <param name="Timeout">The time limit, the suite's 90 s unless the entry or <c>TIMEOUT</c> gives one.</param>
internal sealed record UnitTestPlan(string Name, string? SkipReason, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>The architecture the suite's binaries are built for (README of the built tests: <c>--arch=x86_64</c>).</summary>
    public const string Arch = "x86_64";

    /// <summary>The suite's time limit when an entry gives none (scripts/runtime.bash).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>QEMU's RAM size when <c>x86/run</c> passes no <c>-m</c>, which the tests size their allocators by.</summary>
    public const string DefaultMemory = "128MiB";

    /// <summary>Guest instructions allowed per second of the time limit: far above what hvdsl executes, so the time limit ends a slow test and the budget only a runaway one whose clock stalls.</summary>
    public const ulong InstructionsPerSecond = 200_000_000;

    /// <summary>
    /// The plan for <paramref name="entry"/>: binaries from <paramref name="x86Folder"/>; <paramref name="canRunCpus"/> says
    /// whether <c>hvdsl run</c> has <c>--cpus</c>; <paramref name="timeoutOverride"/> is the suite's <c>TIMEOUT</c> variable.
    /// </summary>
    public static UnitTestPlan For(UnitTestEntry entry, string x86Folder, bool canRunCpus, string? timeoutOverride)
    {
        var timeoutText = timeoutOverride is { Length: > 0 } ? timeoutOverride : entry.Timeout;
        var timeout = DefaultTimeout;
        if (timeoutText.Length > 0 && TryDuration(timeoutText, out var given)) timeout = given;
        UnitTestPlan Skip(string reason) => new(entry.Name, reason, [], timeout);

        if (timeoutText.Length > 0 && !TryDuration(timeoutText, out _)) return Skip($"timeout '{timeoutText}' is not a duration such as 90, 90s or 2m");
        if (entry.InGroup("nodefault")) return Skip("test marked as manual run only");
        if (entry.Arch.Length > 0 && entry.Arch != Arch) return Skip($"{entry.Arch} only");
        if (entry.Accel.Length > 0) return Skip($"{entry.Accel} only, but hvdsl is its own accelerator");
        if (entry.Check.Length > 0) return Skip($"checks host KVM parameters ({entry.Check})");
        if (entry.DisabledIf.Length > 0) return Skip($"disabled_if is a shell condition hvdsl does not evaluate ({entry.DisabledIf})");
        if (entry.Machine.Length > 0 && entry.Machine != "pc") return Skip($"{entry.Machine} only");

        var kernel = Path.Combine(x86Folder, entry.File);
        if (entry.File.Length == 0 || !System.IO.File.Exists(kernel)) return Skip($"Test file '{kernel}' not found");
        if (!int.TryParse(entry.Smp, NumberStyles.None, CultureInfo.InvariantCulture, out var cpus) || cpus < 1)
            return Skip($"smp '{entry.Smp}' is not a processor count");
        var append = entry.TestArgs.Length > 0 ? entry.TestArgs : null;
        var memory = DefaultMemory;

        if (ShellWords.Split(entry.QemuParams) is not { } words) return Skip($"qemu_params leaves a quote open ({entry.QemuParams})");
        for (var i = 0; i < words.Count; i++)
        {
            var option = words[i].StartsWith("--", StringComparison.Ordinal) ? words[i][1..] : words[i];
            if (option is not ("-cpu" or "-append" or "-smp" or "-m")) return Skip($"QEMU option '{words[i]}' has no hvdsl run equivalent");
            if (i + 1 >= words.Count) return Skip($"QEMU option '{words[i]}' has no value");
            var value = words[++i];
            switch (option)
            {
                // One CPU model: the test reads CPUID and skips what it does not find, as it would on a smaller QEMU model.
                case "-cpu":
                    break;
                // QEMU keeps the last -append, so qemu_params' wins over test_args'.
                case "-append":
                    append = value;
                    break;
                case "-smp":
                    var count = value.Split(',')[0].Replace("cpus=", "", StringComparison.Ordinal);
                    if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out cpus) || cpus < 1)
                        return Skip($"-smp '{value}' is not a processor count");
                    break;
                case "-m":
                    if (QemuMemorySize(value) is not { } bytes) return Skip($"-m '{value}' is not a size such as 256, 256M or 4G");
                    memory = bytes % (1 << 20) == 0 ? $"{bytes >> 20}MiB" : bytes.ToString(CultureInfo.InvariantCulture);
                    break;
            }
        }
        if (cpus > 1 && !canRunCpus) return Skip($"needs {cpus} processors (-smp {cpus}), and hvdsl run has no --cpus yet");

        var arguments = new List<string> { "run", "--kernel", kernel, "--memory", memory };
        if (append is not null) arguments.AddRange(["--append", append]);
        if (cpus > 1) arguments.AddRange(["--cpus", cpus.ToString(CultureInfo.InvariantCulture)]);
        arguments.AddRange(["--max-instructions", Budget(timeout).ToString(CultureInfo.InvariantCulture)]);
        return new UnitTestPlan(entry.Name, null, arguments, timeout);
    }

    /// <summary>The instruction budget that goes with <paramref name="timeout"/>.</summary>
    public static ulong Budget(TimeSpan timeout) => (ulong)Math.Ceiling(timeout.TotalSeconds) * InstructionsPerSecond;

    /// <summary>
    /// The RAM size of QEMU's <c>-m [size=]SIZE[,slots=N,maxmem=SIZE]</c> in bytes: a number of MiB, or one with a K, M or
    /// G suffix; null when it is neither. The hot-plug options do not change the size the guest boots with.
    /// </summary>
    public static ulong? QemuMemorySize(string value)
    {
        var size = value.Split(',')[0];
        if (size.StartsWith("size=", StringComparison.Ordinal)) size = size["size=".Length..];
        if (size.Length == 0) return null;
        if (char.IsAsciiDigit(size[^1]))
            return ulong.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var mebibytes) && mebibytes is > 0 and <= ulong.MaxValue >> 20
                ? mebibytes << 20
                : null;
        return Options.GuestNumbers.TryParseSize(size, out var bytes) && bytes > 0 ? bytes : null;
    }

    /// <summary>A timeout(1) duration: a positive number with an optional s, m, h or d suffix.</summary>
    public static bool TryDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        var number = unit == 0 ? text : text[..^1];
        if (unit == 0) unit = 1;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !(value > 0) || value * unit > 86400 * 7)
            return false;
        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
