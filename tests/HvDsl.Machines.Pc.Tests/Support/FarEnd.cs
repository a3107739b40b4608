using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Machines.Pc.Tests.Support;

/// <summary>
/// A TCP service on 127.0.0.1 at a free port: to each connection it sends <c>reply(n)</c> (n counts connections from 1),
/// then reads what the other side sends until it closes, or closes at once when <paramref name="closeAfterReply"/>.
/// </summary>
internal sealed class FarEnd : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private int _accepted;

    public FarEnd(Func<int, byte[]> reply, bool closeAfterReply)
    {
        _listener.Start();
        _serving = Serve(reply, closeAfterReply);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections it has accepted.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Every byte it has received, on any connection.</summary>
    public ConcurrentQueue<byte> Received { get; } = new();

    /// <summary>A port on 127.0.0.1 where nothing listens: bound, then let go.</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task Serve(Func<int, byte[]> reply, bool closeAfterReply)
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                await stream.WriteAsync(reply(Interlocked.Increment(ref _accepted)), _stop.Token);
                if (closeAfterReply) continue;
                var buffer = new byte[256];
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                    foreach (var b in buffer.AsSpan(0, read)) Received.Enqueue(b);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped by Dispose (the listener stopped under the accept), or the other side reset the connection.
        }
    }

    /// <summary>Stops listening and closes the open connection; a second call does nothing.</summary>
    public void Dispose()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Stop();
        _serving.Wait(TimeSpan.FromSeconds(10));
    }
}
