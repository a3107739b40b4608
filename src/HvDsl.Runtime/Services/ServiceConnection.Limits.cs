using System;
using System.Threading;

namespace HvDsl.Runtime.Services;

public sealed partial class ServiceConnection
{
    private readonly long _acceptedAt;
    private readonly CancellationTokenSource _expiry;
    private readonly CancellationTokenRegistration _hostAbort;
    private readonly CancellationToken _abortedByHost;
    private long _lastActivityAt;
    // Null while no line is arriving, and while no send is under way.
    private long? _lineBegunAt;
    private long? _sendBegunAt;

    // Which bound the timer was last set for; timers round, so comparing elapsed times would misname it.
    private Bound _timerBound;

    private enum Bound
    {
        Idle,
        Connection,
        Line,
        Send,
    }

    /// <summary>Why <see cref="CancellationToken"/> fired, as the host logs it.</summary>
    internal string ExpiryReason =>
        _abortedByHost.IsCancellationRequested ? "aborted-by-shutdown"
        : _timerBound switch
        {
            Bound.Connection => "time-limit",
            Bound.Line => "line-too-slow",
            Bound.Send => "send-too-slow",
            _ => "idle-timeout",
        };

    private void NoteActivity() => _lastActivityAt = Clock.GetTimestamp();

    // One timer serves every bound: it is set to whichever running bound ends first.
    private void RestartTimer()
    {
        if (_expiry.IsCancellationRequested)
        {
            // Expired already: keep the reason of the bound that fired.
            return;
        }
        (TimeSpan Left, Bound Bound) first = (Timeout.InfiniteTimeSpan, Bound.Connection);
        first = Sooner(first, Bound.Connection, _acceptedAt, _limits.ConnectionTimeLimit);
        first = Sooner(first, Bound.Idle, _lastActivityAt, _limits.IdleTimeout);
        first = Sooner(first, Bound.Line, _lineBegunAt, _limits.LineTimeLimit);
        first = Sooner(first, Bound.Send, _sendBegunAt, _limits.SendTimeLimit);
        _timerBound = first.Bound;
        _expiry.CancelAfter(first.Left == Timeout.InfiniteTimeSpan || first.Left >= TimeSpan.Zero ? first.Left : TimeSpan.Zero);
    }

    private (TimeSpan Left, Bound Bound) Sooner((TimeSpan Left, Bound Bound) first, Bound bound, long? since, TimeSpan limit)
    {
        if (since is not { } start || limit == Timeout.InfiniteTimeSpan)
        {
            return first;
        }
        TimeSpan left = limit - Clock.GetElapsedTime(start);
        return first.Left == Timeout.InfiniteTimeSpan || left < first.Left ? (left, bound) : first;
    }
}
