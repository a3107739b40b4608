using System;
using System.Threading;

namespace HvDsl.Runtime.Services;

/// <summary>
/// The bounds the host enforces on a service's connections, so no client can hold resources forever.
/// <see cref="Timeout.InfiniteTimeSpan"/> turns a time bound off.
/// </summary>
public sealed record ServiceLimits
{
    /// <summary>The bounds a service gets unless it declares its own.</summary>
    public static ServiceLimits Default { get; } = new();

    /// <summary>
    /// How many connections the service serves at once. A client beyond it is accepted and closed at once
    /// with a reset (logged as <c>refused-at-limit</c> and counted in <see cref="ServiceCounters.Refused"/>),
    /// so it learns that the service is full instead of waiting unseen in the listen backlog.
    /// </summary>
    public int MaxConcurrentConnections { get; init; } = 256;

    /// <summary>How long a connection may go without sending or receiving a byte before it is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection may last in all, from accept to close.</summary>
    public TimeSpan ConnectionTimeLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one line may take to arrive, from its first byte (or the start of the read, if later) to its
    /// line end; a client that trickles bytes to keep a connection is closed then (logged as <c>line-too-slow</c>).
    /// </summary>
    public TimeSpan LineTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long one <see cref="ServiceConnection.SendAsync"/> may take until the client has taken all of it;
    /// a client that reads too slowly, or not at all, is closed then (logged as <c>send-too-slow</c>).
    /// </summary>
    public TimeSpan SendTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest line, in bytes without its terminator, that <see cref="ServiceConnection.ReadLineAsync"/>
    /// accepts; a longer one closes the connection (logged as <c>line-too-long</c>).
    /// </summary>
    public int MaxLineLength { get; init; } = 4096;
}
