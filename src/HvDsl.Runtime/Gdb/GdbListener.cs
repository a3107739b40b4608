using System;
using System.Net;
using System.Net.Sockets;

namespace HvDsl.Runtime.Gdb;

/// <summary>The TCP port gdb connects to (<c>target remote HOST:PORT</c>), one connection at a time.</summary>
public sealed class GdbListener : IDisposable
{
    private readonly TcpListener _listener;

    /// <summary>Listens on <paramref name="endpoint"/> (port 0 picks a free one: see <see cref="EndPoint"/>).</summary>
    /// <exception cref="SocketException">The address cannot be listened on (in use, not local).</exception>
    public GdbListener(IPEndPoint endpoint)
    {
        _listener = new TcpListener(endpoint);
        _listener.Start(1);
    }

    /// <summary>The address and port listened on.</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Whether gdb is waiting to be accepted.</summary>
    public bool Pending => _listener.Pending();

    /// <summary>Waits for gdb to connect and returns its socket (small packets go out at once).</summary>
    public Socket Accept()
    {
        var socket = _listener.AcceptSocket();
        socket.NoDelay = true;
        return socket;
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Stop();
}
