using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace HvDsl.Benchmarks.Services;

/// <summary>One client turn of a time service: connect, read until the server closes, close.</summary>
internal static class TimeConnection
{
    /// <summary>Returns the number of bytes the server sent.</summary>
    public static async ValueTask<int> FetchAsync(IPEndPoint server, byte[] buffer)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server).ConfigureAwait(false);
        int total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return total;
    }
}
