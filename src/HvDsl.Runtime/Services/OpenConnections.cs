using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>Counts the connections being served so shutdown can wait until the last one is done.</summary>
internal sealed class OpenConnections
{
    // Starts at one: the host's own hold, released when it stops, so "drained" cannot fire before that.
    private int _count = 1;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the host has stopped and every connection has finished.</summary>
    public Task Drained => _drained.Task;

    public void Enter() => Interlocked.Increment(ref _count);

    public void Leave()
    {
        if (Interlocked.Decrement(ref _count) == 0)
        {
            _drained.TrySetResult();
        }
    }
}
