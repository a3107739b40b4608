using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Benchmarks.Services;

/// <summary>The TimeServer as its spec declares it (one local time line, then close), until the generated one exists.</summary>
internal sealed class BenchTimeService : IService
{
    public string Name => "TimeServer";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(12345);

    public ServiceLimits Limits => ServiceLimits.Default;

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) =>
        connection.SendTimeLineAsync("ddd MMM d HH:mm:ss yyyy", utc: false);
}
