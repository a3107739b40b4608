using System;

namespace HvDsl.Cli.KvmUnitTests;

/// <summary>
/// One <c>[name]</c> section of kvm-unit-tests' <c>unittests.cfg</c>, with the keys the suite's <c>scripts/common.bash</c> reads.
/// </summary>
/// <param name="Name">The section name, which names the test.</param>
/// <param name="Line">The 1-based line of the section header, for messages.</param>
internal sealed record UnitTestEntry(string Name, int Line)
{
    /// <summary>The binary, relative to the suite's <c>x86/</c> folder (<c>file</c>).</summary>
    public string File { get; init; } = "";

    /// <summary>How many processors (<c>smp</c>), as written; the suite's default is 1.</summary>
    public string Smp { get; init; } = "1";

    /// <summary>The test's own arguments (<c>test_args</c>), which the suite passes with <c>-append</c>.</summary>
    public string TestArgs { get; init; } = "";

    /// <summary>Extra QEMU options (<c>qemu_params</c>, formerly <c>extra_params</c>).</summary>
    public string QemuParams { get; init; } = "";

    /// <summary>The only architecture the test runs on (<c>arch</c>), or empty for any.</summary>
    public string Arch { get; init; } = "";

    /// <summary>Space-separated groups (<c>groups</c>); <c>nodefault</c> keeps a test out of a default run.</summary>
    public string Groups { get; init; } = "";

    /// <summary>The only accelerator the test runs with (<c>accel</c>), or empty for any.</summary>
    public string Accel { get; init; } = "";

    /// <summary>The machine type the test wants (<c>machine</c>), or empty for the default.</summary>
    public string Machine { get; init; } = "";

    /// <summary>Host module parameters that must hold (<c>check</c>, <c>PATH=VALUE</c> words).</summary>
    public string Check { get; init; } = "";

    /// <summary>A shell condition that disables the test (<c>disabled_if</c>).</summary>
    public string DisabledIf { get; init; } = "";

    /// <summary>The time limit as the suite writes it for timeout(1) (<c>timeout</c>, e.g. <c>90</c> or <c>90s</c>), or empty.</summary>
    public string Timeout { get; init; } = "";

    /// <summary>Whether <paramref name="group"/> is one of <see cref="Groups"/>.</summary>
    public bool InGroup(string group) =>
        Array.IndexOf(Groups.Split(' ', StringSplitOptions.RemoveEmptyEntries), group) >= 0;
}
