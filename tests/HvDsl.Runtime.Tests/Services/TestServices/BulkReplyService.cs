using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>Sends one reply larger than any socket buffer, so a client that does not read holds the send.</summary>
internal sealed class BulkReplyService : IService
{
    public const int ReplyLength = 32 << 20;

    public string Name => "Bulk";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(0);

    public ServiceLimits Limits { get; init; } = ServiceLimits.Default;

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) =>
        connection.SendAsync(new byte[ReplyLength]);
}
