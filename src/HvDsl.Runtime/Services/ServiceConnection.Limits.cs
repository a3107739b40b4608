using System;
using System.Threading;

namespace HvDsl.Runtime.Services;

public sealed partial class ServiceConnection
{
    private readonly long _acceptedAt;
    private readonly CancellationTokenSource _expiry;
    private readonly CancellationTokenRegistration _hostAbort;
    private readonly CancellationToken _abortedByHost;

    /// <summary>Why <see cref="CancellationToken"/> fired, as the host logs it.</summary>
    internal string ExpiryReason =>
        _abortedByHost.IsCancellationRequested ? "aborted-by-shutdown"
        : Clock.GetElapsedTime(_acceptedAt) >= _limits.ConnectionTimeLimit && _limits.ConnectionTimeLimit != Timeout.InfiniteTimeSpan ? "time-limit"
        : "idle-timeout";

    // One timer serves both bounds: it is set to whichever of "idle from now" and "end of the time limit" comes first.
    private void RestartIdleTimer()
    {
        TimeSpan idle = _limits.IdleTimeout;
        TimeSpan total = _limits.ConnectionTimeLimit;
        TimeSpan left = total == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : total - Clock.GetElapsedTime(_acceptedAt);
        TimeSpan delay = idle == Timeout.InfiniteTimeSpan ? left
            : left == Timeout.InfiniteTimeSpan ? idle
            : TimeSpan.FromTicks(Math.Min(idle.Ticks, left.Ticks));
        if (delay == Timeout.InfiniteTimeSpan)
        {
            return;
        }
        _expiry.CancelAfter(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }
}
