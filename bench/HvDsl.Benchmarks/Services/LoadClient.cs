using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Benchmarks.Services;

/// <summary>
/// <c>--load-client ADDRESS PORT CONNECTIONS CONCURRENCY LABEL</c>: makes CONNECTIONS time-service
/// connections, CONCURRENCY at a time, and prints one line: connections/s, p50 and p99 latency, failures.
/// The same client drives our host and xinetd, so the two figures compare.
/// </summary>
internal static class LoadClient
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: --load-client ADDRESS PORT CONNECTIONS CONCURRENCY LABEL");
            return 2;
        }
        var server = new IPEndPoint(IPAddress.Parse(args[0]), int.Parse(args[1], CultureInfo.InvariantCulture));
        int connections = int.Parse(args[2], CultureInfo.InvariantCulture);
        int concurrency = int.Parse(args[3], CultureInfo.InvariantCulture);
        long[] latencies = new long[connections];
        int next = -1;
        int failures = 0;

        async Task WorkerAsync()
        {
            byte[] buffer = new byte[256];
            int index;
            while ((index = Interlocked.Increment(ref next)) < connections)
            {
                long started = Stopwatch.GetTimestamp();
                try
                {
                    // A time service always says something; silence counts as a failure.
                    if (await TimeConnection.FetchAsync(server, buffer).ConfigureAwait(false) == 0)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
                catch (Exception e) when (e is System.Net.Sockets.SocketException or System.IO.IOException)
                {
                    Interlocked.Increment(ref failures);
                }
                latencies[index] = Stopwatch.GetTimestamp() - started;
            }
        }

        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync))).ConfigureAwait(false);
        wall.Stop();
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[4]}: {connections} connections, {concurrency} at a time: {connections / wall.Elapsed.TotalSeconds:0} conn/s, " +
            $"p50 {Milliseconds(latencies, 0.50):0.000} ms, p99 {Milliseconds(latencies, 0.99):0.000} ms, failures {failures}"));
        return failures == 0 ? 0 : 1;
    }

    private static double Milliseconds(long[] sorted, double quantile) =>
        Stopwatch.GetElapsedTime(0, sorted[(int)Math.Min(sorted.Length - 1, quantile * sorted.Length)]).TotalMilliseconds;
}
