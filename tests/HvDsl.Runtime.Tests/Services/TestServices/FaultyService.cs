using System;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>A service with a bug: it throws on every connection.</summary>
internal sealed class FaultyService : IService
{
    public string Name => "Faulty";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(9);

    public ServiceLimits Limits => ServiceLimits.Default;

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("bug in the service");
}
