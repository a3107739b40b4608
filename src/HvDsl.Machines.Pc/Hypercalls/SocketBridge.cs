using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using HvDsl.Runtime.Services;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The host side of the socket-bridge hypercalls: numbered handles to TCP connections on the loopback interface,
/// only to ports the host allows, with timeouts so a silent peer cannot hang the vCPU.
/// </summary>
public sealed class SocketBridge : IDisposable
{
    private readonly Dictionary<uint, NetworkStream> streams = [];
    private uint nextHandle = 1;

    /// <summary>Ports a guest may connect to; empty until the host allows some.</summary>
    public ISet<int> AllowedPorts { get; } = new HashSet<int>();

    /// <summary>How long a read or write may block the vCPU.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connects to an allowed loopback port; returns the handle or a negative KVM error.</summary>
    public ulong Connect(int port)
    {
        if (!AllowedPorts.Contains(port)) return KvmErrors.Perm;
        try
        {
            var stream = SocketClient.Connect("127.0.0.1", port);
            stream.ReadTimeout = stream.WriteTimeout = (int)Timeout.TotalMilliseconds;
            streams.Add(nextHandle, stream);
            return nextHandle++;
        }
        catch (Exception exception) when (exception is IOException or SocketException)
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
        catch (IOException)
        {
            return KvmErrors.ConnectionRefused;
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
        catch (IOException)
        {
            return KvmErrors.ConnectionRefused;
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
}
