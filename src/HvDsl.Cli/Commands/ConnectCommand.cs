using System;
using System.CommandLine;
using System.IO;
using HvDsl.Cli.Options;
using HvDsl.Cli.Serving;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Commands;

/// <summary><c>hvdsl connect HOST PORT [--timeout S]</c>: the time client; prints what the server sends until it closes.</summary>
internal static class ConnectCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var host = new Argument<string>("host") { Description = "Host name or address." };
        var port = TypedOptions.PortArgument("port", "TCP port, 1 to 65535.");
        var timeout = TypedOptions.Seconds("--timeout", "Seconds to wait for the connection and for each reply.", fallback: 5);
        var command = new Command("connect", "Connect to a TCP service and print what it sends, e.g. the time server.") { host, port, timeout };
        command.SetAction(result => Run(result.GetValue(host)!, result.GetValue(port)!.Value, result.GetValue(timeout)!.Value, stdout, stderr));
        return command;
    }

    private static int Run(string host, int port, double seconds, TextWriter stdout, TextWriter stderr)
    {
        using var signal = new StopSignal();
        return TimeClient.RunAsync(host, port, stdout, stderr, TimeSpan.FromSeconds(seconds), signal.Stop).GetAwaiter().GetResult();
    }
}
