using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>Connects to a TCP service and hands back the stream; failures are one-line <see cref="IOException"/>s.</summary>
public static class SocketClient
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>, waiting as long as the system does.</summary>
    /// <param name="host">A name or an IPv4/IPv6 address.</param>
    /// <param name="port">The TCP port.</param>
    /// <returns>The connected stream; disposing it closes the connection.</returns>
    /// <exception cref="IOException">E.g. <c>cannot connect to localhost:12345: connection refused</c>.</exception>
    public static NetworkStream Connect(string host, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(host, port);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Failed(host, port, SocketErrors.Describe(e), e);
        }
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>, giving up after <paramref name="timeout"/>.</summary>
    /// <param name="host">A name or an IPv4/IPv6 address.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="timeout">How long name resolution and connecting may take together.</param>
    /// <param name="cancellationToken">Abandons the attempt.</param>
    /// <returns>The connected stream; disposing it closes the connection.</returns>
    /// <exception cref="IOException">Refused, unreachable, unresolvable or timed out, said in one line.</exception>
    public static async Task<NetworkStream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Failed(host, port, SocketErrors.Describe(e), e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw Failed(host, port, $"timed out after {timeout.TotalSeconds:0.###} s", e);
        }
    }

    private static IOException Failed(string host, int port, string reason, Exception inner) =>
        new($"cannot connect to {host}:{port}: {reason}", inner);
}
