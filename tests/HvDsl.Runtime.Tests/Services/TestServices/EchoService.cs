using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>RFC 862 echo on lines; tests tighten its limits to provoke them.</summary>
internal sealed class EchoService : IService
{
    public string Name => "Echo";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(7);

    public ServiceLimits Limits { get; init; } = ServiceLimits.Default;

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) =>
        connection.EchoLinesAsync();
}
