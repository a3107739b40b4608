using System;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>Echo that is busy for <see cref="Pause"/> before each reply, as a service doing real work would be.</summary>
internal sealed class PausingEchoService : IService
{
    public string Name => "PausingEcho";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(0);

    public ServiceLimits Limits { get; init; } = ServiceLimits.Default;

    public TimeSpan Pause { get; init; }

    public async ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken)
    {
        while (await connection.ReadLineAsync() is { } line)
        {
            await Task.Delay(Pause, cancellationToken);
            await connection.SendLineAsync(line);
        }
    }
}
