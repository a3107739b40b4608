using System;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Benchmarks.Services;

/// <summary>
/// <c>--time-server ADDRESS PORT</c>: runs the TimeServer in its own process, as xinetd runs in its own,
/// without per-connection logging (xinetd's is off in the benchmark too), until SIGTERM or Ctrl+C.
/// </summary>
internal static class TimeServerProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2)
        {
            Console.Error.WriteLine("usage: --time-server ADDRESS PORT");
            return 2;
        }
        var options = new ServiceHostOptions
        {
            BindAddress = IPAddress.Parse(args[0]),
            Port = int.Parse(args[1], CultureInfo.InvariantCulture),
        };
        await using var host = new ServiceHost([new BenchTimeService()], options);
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });
        host.Start();
        Console.WriteLine($"listening on {host.GetEndPoint("TimeServer")}");
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await host.StopAsync().ConfigureAwait(false);
        return 0;
    }
}
