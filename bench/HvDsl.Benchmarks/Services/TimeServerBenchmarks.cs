using System.Linq;
using System.Net;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using HvDsl.Runtime.Services;

namespace HvDsl.Benchmarks.Services;

/// <summary>
/// The TimeServer's connections per second on loopback: each operation is one connection
/// (connect, read the line, close), made by <see cref="Clients"/> concurrent clients.
/// </summary>
[MemoryDiagnoser]
public class TimeServerBenchmarks
{
    private const int ConnectionsPerInvoke = 2048;

    private ServiceHost _host = null!;
    private IPEndPoint _server = null!;

    /// <summary>How many clients connect at once.</summary>
    [Params(1, 16, 64)]
    public int Clients { get; set; }

    /// <summary>Starts the host on a free loopback port.</summary>
    [GlobalSetup]
    public void StartHost()
    {
        _host = new ServiceHost([new BenchTimeService()], new ServiceHostOptions { Port = 0 });
        _host.Start();
        _server = _host.GetEndPoint("TimeServer");
    }

    /// <summary>Stops the host.</summary>
    [GlobalCleanup]
    public Task StopHost() => _host.DisposeAsync().AsTask();

    /// <summary>One connection per operation; the mean time per operation is 1 / (connections per second).</summary>
    [Benchmark(OperationsPerInvoke = ConnectionsPerInvoke)]
    public Task Connect_read_line_close() =>
        Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            byte[] buffer = new byte[256];
            for (int i = 0; i < ConnectionsPerInvoke / Clients; i++)
            {
                await TimeConnection.FetchAsync(_server, buffer);
            }
        })));
}
