using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>RFC 867 daytime, in the RFC's example shape, in UTC.</summary>
internal sealed class DaytimeService : IService
{
    public const string Format = "dddd, MMMM d, yyyy HH:mm:ss'-UTC'";

    public string Name => "Daytime";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(13);

    public ServiceLimits Limits => ServiceLimits.Default;

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) =>
        connection.SendTimeLineAsync(Format, utc: true);
}
