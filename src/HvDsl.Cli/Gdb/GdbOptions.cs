using System.CommandLine;
using System.Net;
using HvDsl.Cli.Options;

namespace HvDsl.Cli.Gdb;

/// <summary><c>--gdb [HOST:]PORT</c> and <c>--gdb-wait</c>, shared by <c>run</c> and <c>resume</c>.</summary>
internal sealed class GdbOptions
{
    /// <summary>Where the stub listens.</summary>
    public Option<IPEndPoint?> Gdb { get; } = TypedOptions.Listen("--gdb",
        "Serve the GDB remote protocol on PORT at 127.0.0.1 (or on HOST:PORT, HOST an IP address; port 0 picks a free one, printed on stderr).");

    /// <summary>Whether the guest waits for gdb.</summary>
    public Option<bool> Wait { get; } = new("--gdb-wait") { Description = "With --gdb: hold the guest before its first instruction until gdb connects." };

    /// <summary>The settings, or null without <c>--gdb</c>; <paramref name="error"/> is set if <c>--gdb-wait</c> comes alone.</summary>
    public GdbSettings? Settings(ParseResult result, out string? error)
    {
        var endpoint = result.GetValue(Gdb);
        var wait = result.GetValue(Wait);
        error = wait && endpoint is null ? "--gdb-wait goes with --gdb PORT" : null;
        return endpoint is null ? null : new GdbSettings(endpoint, wait);
    }
}
