using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The host side of the socket-bridge hypercalls: numbered handles to TCP connections, only to the ports the host
/// routes (the machine's services). Every call returns at once, as on a non-blocking socket: -EAGAIN while a
/// connection is still being made, nothing has arrived or the peer cannot take more, so a silent peer never holds the vCPU.
/// </summary>
public sealed class SocketBridge : IDisposable
{
    /// <summary>How many connections a guest may hold open at once.</summary>
    public const int MaxOpen = 16;

    private readonly Dictionary<int, IPEndPoint> routes = [];
    private readonly Dictionary<uint, Connection> connections = [];
    private uint nextHandle = 1;

    /// <summary>Lets the guest reach <paramref name="endPoint"/> by connecting to <paramref name="guestPort"/>.</summary>
    /// <param name="guestPort">The port the guest asks for, e.g. the service's declared 12345.</param>
    /// <param name="endPoint">Where the service really listens, e.g. 127.0.0.1 on a free port.</param>
    public void Route(int guestPort, IPEndPoint endPoint) => routes[guestPort] = endPoint;

    /// <summary>
    /// Starts connecting to a routed port and returns its handle at once, or a negative KVM error (-EPERM for a port not
    /// routed). Until the connection is made, reads and writes return -EAGAIN; if it fails, they return -ECONNREFUSED.
    /// </summary>
    public ulong Connect(int port)
    {
        if (!routes.TryGetValue(port, out var endPoint)) return KvmErrors.Perm;
        if (connections.Count >= MaxOpen) return KvmErrors.TooManyOpen;
        Socket? socket = null;
        try
        {
            socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            connections.Add(nextHandle, new Connection(socket, socket.ConnectAsync(endPoint)));
            return nextHandle++;
        }
        catch (SocketException)
        {
            // The host is out of sockets or cannot start the connect: the guest's result, not the host's exception.
            socket?.Dispose();
            return KvmErrors.ConnectionRefused;
        }
    }

    /// <summary>Copies what has arrived, up to <paramref name="buffer"/>'s length, and leaves it queued; returns the count, 0 at end of stream, or a negative KVM error.</summary>
    public ulong Peek(uint handle, Span<byte> buffer, out int count) => Receive(handle, buffer, SocketFlags.Peek, out count);

    /// <summary>Takes what has arrived, up to <paramref name="buffer"/>'s length; returns the count, 0 at end of stream, or a negative KVM error.</summary>
    public ulong Read(uint handle, Span<byte> buffer, out int count) => Receive(handle, buffer, SocketFlags.None, out count);

    /// <summary>Sends as much of <paramref name="data"/> as the connection takes now; returns that count or a negative KVM error.</summary>
    public ulong Write(uint handle, ReadOnlySpan<byte> data)
    {
        if (!connections.TryGetValue(handle, out var connection)) return KvmErrors.BadHandle;
        if (!connection.IsReady(out var error)) return error;
        var sent = connection.Socket.Send(data, SocketFlags.None, out var result);
        return result == SocketError.Success ? (ulong)sent : Failed(result);
    }

    /// <summary>Closes a handle; returns 0 or a negative KVM error.</summary>
    public ulong Close(uint handle)
    {
        if (!connections.Remove(handle, out var connection)) return KvmErrors.BadHandle;
        connection.Socket.Dispose();
        return 0;
    }

    /// <summary>Closes every open connection.</summary>
    public void Dispose()
    {
        foreach (var connection in connections.Values) connection.Socket.Dispose();
        connections.Clear();
    }

    private ulong Receive(uint handle, Span<byte> buffer, SocketFlags flags, out int count)
    {
        count = 0;
        if (!connections.TryGetValue(handle, out var connection)) return KvmErrors.BadHandle;
        if (!connection.IsReady(out var error)) return error;
        count = connection.Socket.Receive(buffer, flags, out var result);
        if (result == SocketError.Success) return (ulong)count;
        count = 0;
        return Failed(result);
    }

    private static ulong Failed(SocketError error) => error switch
    {
        SocketError.WouldBlock => KvmErrors.Again,
        SocketError.TimedOut => KvmErrors.TimedOut,
        SocketError.ConnectionRefused => KvmErrors.ConnectionRefused,
        _ => KvmErrors.ConnectionReset,
    };

    /// <summary>A guest's connection: the socket, and the connect that may still be under way.</summary>
    private sealed class Connection(Socket socket, Task connecting)
    {
        public Socket Socket => socket;

        /// <summary>Whether the socket is connected and non-blocking; otherwise <paramref name="error"/> is -EAGAIN while connecting, or why the connect failed.</summary>
        public bool IsReady(out ulong error)
        {
            error = 0;
            if (!connecting.IsCompleted) error = KvmErrors.Again;
            else if (!connecting.IsCompletedSuccessfully)
                error = connecting.Exception?.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut } ? KvmErrors.TimedOut : KvmErrors.ConnectionRefused;
            else if (socket.Blocking) socket.Blocking = false;
            return error == 0;
        }
    }
}
