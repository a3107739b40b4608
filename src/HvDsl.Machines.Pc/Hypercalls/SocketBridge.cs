using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using HvDsl.Runtime.Services;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The host side of the socket-bridge hypercalls: numbered handles to TCP connections, only to the ports the host
/// routes (the machine's services), with timeouts so a silent peer cannot hang the vCPU.
/// </summary>
public sealed class SocketBridge : IDisposable
{
    /// <summary>How many connections a guest may hold open at once.</summary>
    public const int MaxOpen = 16;

    private readonly Dictionary<int, IPEndPoint> routes = [];
    private readonly Dictionary<uint, NetworkStream> streams = [];
    private uint nextHandle = 1;

    /// <summary>How long a read or write may block the vCPU.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Lets the guest reach <paramref name="endPoint"/> by connecting to <paramref name="guestPort"/>.</summary>
    /// <param name="guestPort">The port the guest asks for, e.g. the service's declared 12345.</param>
    /// <param name="endPoint">Where the service really listens, e.g. 127.0.0.1 on a free port.</param>
    public void Route(int guestPort, IPEndPoint endPoint) => routes[guestPort] = endPoint;

    /// <summary>Connects to a routed port; returns the handle or a negative KVM error (-EPERM for a port not routed).</summary>
    public ulong Connect(int port)
    {
        if (!routes.TryGetValue(port, out var endPoint)) return KvmErrors.Perm;
        if (streams.Count >= MaxOpen) return KvmErrors.TooManyOpen;
        try
        {
            var stream = SocketClient.Connect(endPoint.Address.ToString(), endPoint.Port);
            stream.ReadTimeout = stream.WriteTimeout = (int)Timeout.TotalMilliseconds;
            streams.Add(nextHandle, stream);
            return nextHandle++;
        }
        catch (IOException)
        {
            return KvmErrors.ConnectionRefused;
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length; returns the count, 0 at end of stream, or a negative KVM error.</summary>
    public ulong Read(uint handle, Span<byte> buffer, out int count)
    {
        count = 0;
        if (!streams.TryGetValue(handle, out var stream)) return KvmErrors.BadHandle;
        try
        {
            count = stream.Read(buffer);
            return (ulong)count;
        }
        catch (IOException e)
        {
            return Failed(e);
        }
    }

    /// <summary>Writes all of <paramref name="data"/>; returns its length or a negative KVM error.</summary>
    public ulong Write(uint handle, ReadOnlySpan<byte> data)
    {
        if (!streams.TryGetValue(handle, out var stream)) return KvmErrors.BadHandle;
        try
        {
            stream.Write(data);
            return (ulong)data.Length;
        }
        catch (IOException e)
        {
            return Failed(e);
        }
    }

    /// <summary>Closes a handle; returns 0 or a negative KVM error.</summary>
    public ulong Close(uint handle)
    {
        if (!streams.Remove(handle, out var stream)) return KvmErrors.BadHandle;
        stream.Dispose();
        return 0;
    }

    /// <summary>Closes every open connection.</summary>
    public void Dispose()
    {
        foreach (var stream in streams.Values) stream.Dispose();
        streams.Clear();
    }

    private static ulong Failed(IOException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut } ? KvmErrors.TimedOut : KvmErrors.ConnectionReset;
}
