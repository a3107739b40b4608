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
        : _timerIsTimeLimit ? "time-limit"
        : "idle-timeout";

    // Which bound the timer was last set for; timers round, so comparing the elapsed time would misname it.
    private bool _timerIsTimeLimit;

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
        _timerIsTimeLimit = delay == left;
        _expiry.CancelAfter(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
    }
}
