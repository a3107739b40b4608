using System;
using System.IO;
using System.Net;

namespace HvDsl.Cli.Running;

/// <summary>How a <see cref="GuestSession"/> builds its machine and reports on it; named, so that no value lands in another's place.</summary>
internal sealed record SessionOptions
{
    /// <summary>Guest RAM; a restored machine takes its snapshot's.</summary>
    public ulong MemoryBytes { get; init; }

    /// <summary>What the first serial port receives, or null for nothing.</summary>
    public Stream? Input { get; init; }

    /// <summary>Print every VM exit on stderr.</summary>
    public bool Trace { get; init; }

    /// <summary>Show the progress line on stderr.</summary>
    public bool Progress { get; init; }

    /// <summary>vCPUs, 1 to the board's maximum; a restored machine takes its snapshot's.</summary>
    public int Cpus { get; init; } = 1;

    /// <summary>The board, or null for the reference PC.</summary>
    public GuestMachine? Machine { get; init; }

    /// <summary>The host TCP service the second serial port connects to, or null.</summary>
    public DnsEndPoint? Com2 { get; init; }

    /// <summary>When the RTC starts, or null for the board's default.</summary>
    public DateTime? ClockStart { get; init; }

    /// <summary>Whether the vCPUs translate hot code (the default; <c>--no-translate</c> clears it).</summary>
    public bool Translate { get; init; } = true;
}
