using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Tests.Serve;

/// <summary>Hosts services on 127.0.0.1 free ports and talks to them as a plain socket client would.</summary>
internal static class Loopback
{
    /// <summary>How long any one wait in these tests may take before the test fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // generous: a process start under heavy load alone can take 10 s

    /// <summary>A started host on free loopback ports; dispose it to stop.</summary>
    public static ServiceHost Host(TimeProvider clock, params IService[] services)
    {
        var host = new ServiceHost(services, new ServiceHostOptions { Port = 0, Clock = clock });
        host.Start();
        return host;
    }

    /// <summary>Connects to <paramref name="port"/>, sends <paramref name="input"/>, half-closes and returns all bytes until the server closes.</summary>
    public static async Task<byte[]> ExchangeAsync(int port, byte[] input)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        await socket.SendAsync(input, SocketFlags.None, timeout.Token);
        socket.Shutdown(SocketShutdown.Send);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int count;
        while ((count = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0) received.Write(buffer, 0, count);
        return received.ToArray();
    }

    /// <summary>Sends <paramref name="line"/> and returns as many bytes as it has, fewer if the server closes first.</summary>
    public static async Task<string> EchoAsync(Socket client, string line, CancellationToken cancellationToken)
    {
        await client.SendAsync(Encoding.ASCII.GetBytes(line), SocketFlags.None, cancellationToken);
        var buffer = new byte[line.Length];
        var received = 0;
        while (received < buffer.Length)
        {
            var count = await client.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, cancellationToken);
            if (count == 0) break;
            received += count;
        }
        return Encoding.ASCII.GetString(buffer, 0, received);
    }

    /// <summary>A port nothing listens on: bound and released at once, so a connect is refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
