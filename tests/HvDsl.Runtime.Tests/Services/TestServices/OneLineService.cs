using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>Answers the first line with "ok" and closes, like a spec's <c>on line => send "ok" line, close</c>.</summary>
internal sealed class OneLineService : IService
{
    public string Name => "OneLine";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(0);

    public ServiceLimits Limits { get; init; } = ServiceLimits.Default;

    public async ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken)
    {
        if (await connection.ReadLineAsync() is not null)
        {
            await connection.SendLineAsync("ok");
        }
    }
}
