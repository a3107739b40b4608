using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>
/// A socket service the <see cref="ServiceHost"/> runs: generated from a <c>service</c> declaration
/// in a <c>.hvspec</c> file, or written by hand.
/// </summary>
/// <remarks>
/// One instance serves every connection, possibly many at once, so <see cref="RunAsync"/> must keep
/// its per-connection state in locals. The host owns the socket: when <see cref="RunAsync"/> returns,
/// the host flushes and closes the connection.
/// </remarks>
public interface IService
{
    /// <summary>The service's name as declared, e.g. <c>TimeServer</c>; used in logs and on the command line.</summary>
    string Name { get; }

    /// <summary>Where the service listens unless the host overrides the port.</summary>
    ServiceEndpoint DefaultEndpoint { get; }

    /// <summary>The bounds the host enforces for this service's connections.</summary>
    ServiceLimits Limits { get; }

    /// <summary>Serves one connection, from accept until the protocol is done.</summary>
    /// <param name="connection">The client: send, read lines, clock and remote endpoint.</param>
    /// <param name="cancellationToken">
    /// Cancelled when the connection goes idle, reaches its time limit, or the host stops for good;
    /// the connection's own operations already observe it.
    /// </param>
    ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken);
}
