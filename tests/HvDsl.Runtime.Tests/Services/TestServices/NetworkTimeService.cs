using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>RFC 868 time: four big-endian bytes, then close.</summary>
internal sealed class NetworkTimeService : IService
{
    public string Name => "Time";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(37);

    public ServiceLimits Limits => ServiceLimits.Default;

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) =>
        connection.SendNetworkTimeAsync();
}
