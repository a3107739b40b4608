using System.CommandLine;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using HvDsl.Cli.Options;
using HvDsl.Cli.Serving;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Commands;

/// <summary><c>hvdsl serve PATH... [--service NAME] [--port N] [--bind ADDR]</c>: runs the declared services until Ctrl+C.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = CommonOptions.Paths();
        var service = new Option<string[]>("--service") { Description = "Serve only this service (repeatable); by default every declared one." };
        var port = TypedOptions.Port("--port", "Listen on this port instead of the declared one (one service only; 0 picks free ports).", allowZero: true);
        var bind = TypedOptions.Bind("Address to listen on.");
        var command = new Command("serve", "Run the services the specs declare on real sockets; Ctrl+C stops after open connections finish.")
        {
            paths, service, port, bind,
        };
        command.SetAction(result => Run(result.GetValue(paths) ?? [], result.GetValue(service) ?? [], result.GetValue(port), result.GetValue(bind)!, stdout, stderr)
            .GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> Run(string[] paths, string[] names, ushort? port, IPAddress address, TextWriter stdout, TextWriter stderr)
    {
        var result = CompiledSpecs.Compile(paths, stdout, stderr);
        if (result is null || !result.Success) return ExitStatus.Problems;
        if (ServiceSelection.Select(result.Model, names, stderr) is not { } chosen) return ExitStatus.Problems;
        if (port > 0 && chosen.Count > 1)
        {
            stderr.WriteLine($"hvdsl: --port {port} can serve one service, not {chosen.Count}; choose one with --service NAME");
            return ExitStatus.Usage;
        }
        var log = TextWriter.Synchronized(stderr);
        var options = new ServiceHostOptions { BindAddress = address, Port = port, Log = log.WriteLine };
        await using var host = new ServiceHost(chosen.Select(s => new SpecService(s)), options);
        using var signal = new StopSignal();
        try
        {
            host.Start();
        }
        catch (ServiceHostException e)
        {
            stderr.WriteLine($"hvdsl: {e.Message}");
            return ExitStatus.Problems;
        }
        await signal.Requested;
        log.WriteLine("stopping: open connections may finish (Ctrl+C again stops at once)");
        await host.StopAsync(signal.StopNow);
        log.WriteLine("stopped");
        return ExitStatus.Ok;
    }
}
