using System;
using System.IO;
using System.Threading;

namespace HvDsl.Runtime.Migration;

/// <summary>Reads that must end by a deadline however the peer paces its bytes: a total bound, not an idle timeout.</summary>
public static class TimedRead
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends, and returns the bytes read.</summary>
    /// <exception cref="TimeoutException"><paramref name="budget"/> passed first.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    public static int Fill(Stream network, Memory<byte> buffer, TimeSpan budget)
    {
        using var deadline = new CancellationTokenSource(budget);
        try
        {
            return network.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, deadline.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException exception)
        {
            throw new TimeoutException($"not done within {budget.TotalSeconds:0.###} s", exception);
        }
    }
}
