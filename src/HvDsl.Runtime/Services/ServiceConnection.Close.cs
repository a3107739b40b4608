using System.Buffers;
using System.Net.Sockets;

namespace HvDsl.Runtime.Services;

public sealed partial class ServiceConnection
{
    /// <summary>
    /// Ends a connection whose service is done: FIN after the reply, then discards input the service never
    /// read. Closing with unread input sends a reset instead of FIN, and that reset destroyed the reply in
    /// about half the tries of <c>echo hi | nc HOST 12345</c>; input arriving after the close does no harm.
    /// </summary>
    internal void CloseGently()
    {
        _socket.Shutdown(SocketShutdown.Send);
        byte[] discard = _lineBuffer ??= ArrayPool<byte>.Shared.Rent(_limits.MaxLineLength + 2);
        while (_socket.Available > 0 && _socket.Receive(discard) > 0)
        {
        }
    }
}
