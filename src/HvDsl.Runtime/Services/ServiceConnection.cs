using System;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>
/// One client of a service, as <see cref="IService.RunAsync"/> sees it: send bytes or lines, read
/// lines, the clock and the remote endpoint. The socket itself stays with the host.
/// </summary>
/// <remarks>
/// Every operation observes the connection's limits: it is cancelled when the connection has been
/// idle for <see cref="ServiceLimits.IdleTimeout"/>, has lasted <see cref="ServiceLimits.ConnectionTimeLimit"/>,
/// the client takes longer than <see cref="ServiceLimits.LineTimeLimit"/> to send a line or longer than
/// <see cref="ServiceLimits.SendTimeLimit"/> to take a reply, or the host stops for good. One operation at a
/// time: a connection is not thread-safe.
/// </remarks>
public sealed partial class ServiceConnection
{
    private readonly Socket _socket;
    private readonly ServiceLimits _limits;

    internal ServiceConnection(Socket socket, IPEndPoint remoteEndPoint, ServiceLimits limits, TimeProvider clock, CancellationToken hostAbort)
    {
        _socket = socket;
        _limits = limits;
        RemoteEndPoint = remoteEndPoint;
        Clock = clock;
        _acceptedAt = clock.GetTimestamp();
        _lastActivityAt = _acceptedAt;
        _expiry = new CancellationTokenSource(Timeout.InfiniteTimeSpan, clock);
        _hostAbort = hostAbort.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _expiry);
        _abortedByHost = hostAbort;
        RestartTimer();
    }

    /// <summary>The client's address and port.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The host's clock; services read the time from it so tests can fix it.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Cancelled when the connection goes idle, reaches one of its time limits, or the host stops for good.</summary>
    public CancellationToken CancellationToken => _expiry.Token;

    /// <summary>Bytes sent to the client so far.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Bytes received from the client so far.</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Sends all of <paramref name="data"/>, within <see cref="ServiceLimits.SendTimeLimit"/>.</summary>
    /// <param name="data">The bytes to send.</param>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        _sendBegunAt = Clock.GetTimestamp();
        RestartTimer();
        do
        {
            int sent = await _socket.SendAsync(data, SocketFlags.None, _expiry.Token).ConfigureAwait(false);
            data = data[sent..];
            BytesSent += sent;
            NoteActivity();
            _sendBegunAt = data.IsEmpty ? null : _sendBegunAt;
            RestartTimer();
        }
        while (!data.IsEmpty);
    }

    /// <summary>
    /// Sends <paramref name="line"/> in UTF-8 followed by CRLF, the line end of RFC 867 and of the
    /// network virtual terminal that the classic services assume.
    /// </summary>
    /// <param name="line">The text, without a line end.</param>
    public ValueTask SendLineAsync(string line)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length) + 2);
        int length = Encoding.UTF8.GetBytes(line, buffer);
        return SendLineEndAndReturnAsync(buffer, length);
    }

    /// <summary>Appends CRLF to <paramref name="length"/> bytes of a pooled buffer, sends them and returns the buffer to the pool.</summary>
    internal async ValueTask SendLineEndAndReturnAsync(byte[] pooled, int length)
    {
        try
        {
            pooled[length++] = (byte)'\r';
            pooled[length++] = (byte)'\n';
            await SendAsync(pooled.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    /// <summary>Releases the timer and the read buffer once the service is done; the host owns it, so it is not public.</summary>
    internal void Release()
    {
        _hostAbort.Dispose();
        _expiry.Dispose();
        if (_lineBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_lineBuffer);
            _lineBuffer = null;
        }
    }
}
