using System;
using System.Net;

namespace HvDsl.Runtime.Services;

/// <summary>How a <see cref="ServiceHost"/> listens, logs and stops.</summary>
public sealed record ServiceHostOptions
{
    /// <summary>The address every service binds; loopback unless the user asks for more exposure.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// A port that replaces every service's declared one; 0 takes a free port per service. A non-zero
    /// port is only allowed for a host that runs one service.
    /// </summary>
    public int? Port { get; init; }

    /// <summary>How long <see cref="ServiceHost.StopAsync"/> lets open connections finish before cancelling them.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Receives one line per listener started and per connection served, e.g.
    /// <c>127.0.0.1:40312 TimeServer in=0 out=26 0.4ms ok</c>; <see langword="null"/> logs nothing.
    /// Called from many connections at once: it must be thread-safe and must not throw.
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>The clock services read and time limits run on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// How many connections the system queues per listener until the host accepts them; the host accepts at once and
    /// serves or refuses each, so the queue only absorbs a burst.
    /// </summary>
    public int ListenBacklog { get; init; } = 1024;
}
