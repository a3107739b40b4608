using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

public sealed partial class ServiceConnection
{
    /// <summary>How long a finished connection waits for the client to close before the host closes it anyway.</summary>
    internal static readonly TimeSpan LingerLimit = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Ends a connection whose service is done: sends FIN after the reply, then discards whatever the client
    /// still sends until it closes, for at most <see cref="LingerLimit"/>. Closing with unread input would
    /// send a reset instead, and a reset can destroy the reply before the client reads it.
    /// </summary>
    internal async ValueTask LingerAsync()
    {
        _socket.Shutdown(SocketShutdown.Send);
        _expiry.CancelAfter(LingerLimit);
        byte[] discard = _lineBuffer ??= System.Buffers.ArrayPool<byte>.Shared.Rent(_limits.MaxLineLength + 2);
        while (await _socket.ReceiveAsync(discard, SocketFlags.None, _expiry.Token).ConfigureAwait(false) > 0)
        {
        }
    }
}
