using System;
using System.CommandLine;
using System.IO;
using HvDsl.Cli.Serving;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Commands;

/// <summary><c>hvdsl connect HOST PORT [--timeout S]</c>: the time client; prints what the server sends until it closes.</summary>
internal static class ConnectCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var host = new Argument<string>("host") { Description = "Host name or address." };
        var port = new Argument<int>("port") { Description = "TCP port, 1 to 65535." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the connection and for each reply.", DefaultValueFactory = _ => 5 };
        var command = new Command("connect", "Connect to a TCP service and print what it sends, e.g. the time server.") { host, port, timeout };
        command.SetAction(result => Run(result.GetValue(host)!, result.GetValue(port), result.GetValue(timeout), stdout, stderr));
        return command;
    }

    private static int Run(string host, int port, double seconds, TextWriter stdout, TextWriter stderr)
    {
        if (port is < 1 or > 65535)
        {
            stderr.WriteLine($"hvdsl: port {port} is outside 1 to 65535");
            return HvDslCommand.Usage;
        }
        if (!(seconds > 0))
        {
            stderr.WriteLine($"hvdsl: --timeout {seconds} must be more than 0 seconds");
            return HvDslCommand.Usage;
        }
        using var signal = new StopSignal();
        return TimeClient.RunAsync(host, port, stdout, stderr, TimeSpan.FromSeconds(seconds), signal.Stop).GetAwaiter().GetResult();
    }
}
