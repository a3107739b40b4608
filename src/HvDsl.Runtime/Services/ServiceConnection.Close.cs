using System;
using System.Buffers;
using System.Net.Sockets;

namespace HvDsl.Runtime.Services;

public sealed partial class ServiceConnection
{
    /// <summary>
    /// Ends a connection whose service is done: FIN after the reply, then discards the input that had arrived
    /// unread. Closing with unread input sends a reset instead of FIN, and that reset destroyed the reply in
    /// about half the tries of <c>echo hi | nc HOST 12345</c>; input arriving after the close does no harm.
    /// </summary>
    internal void CloseGently()
    {
        _socket.Shutdown(SocketShutdown.Send);
        byte[] discard = _lineBuffer ??= ArrayPool<byte>.Shared.Rent(_limits.MaxLineLength + 2);
        // Only what is there now: a client that keeps sending must not keep the host draining forever.
        int unread = _socket.Available;
        int received;
        while (unread > 0 && (received = _socket.Receive(discard, 0, Math.Min(unread, discard.Length), SocketFlags.None)) > 0)
        {
            unread -= received;
        }
    }
}
