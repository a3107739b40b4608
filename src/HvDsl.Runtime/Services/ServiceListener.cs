using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>One service's listening socket, its connection slots and its accept loop.</summary>
internal sealed class ServiceListener : IDisposable
{
    private readonly IService _service;
    private readonly Socket _socket;
    private readonly ServiceHostOptions _options;
    private readonly OpenConnections _open;
    private readonly CancellationToken _abort;
    private int _serving;
    private long _served;
    private long _refused;

    private ServiceListener(IService service, Socket socket, ServiceHostOptions options, OpenConnections open, CancellationToken abort)
    {
        _service = service;
        _socket = socket;
        _options = options;
        _open = open;
        _abort = abort;
        Binding = new ServiceBinding(service.Name, (IPEndPoint)socket.LocalEndPoint!);
    }

    public ServiceBinding Binding { get; }

    public ServiceCounters Counters => new(Volatile.Read(ref _serving), Interlocked.Read(ref _served), Interlocked.Read(ref _refused));

    /// <summary>Binds and listens, or throws a <see cref="ServiceHostException"/> that says why not in one line.</summary>
    public static ServiceListener Listen(IService service, IPEndPoint endPoint, ServiceHostOptions options, OpenConnections open, CancellationToken abort)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Accepted sockets inherit it: replies of line protocols leave at once instead of waiting for an ACK.
            socket.NoDelay = true;
            socket.Bind(endPoint);
            socket.Listen(options.ListenBacklog);
            return new ServiceListener(service, socket, options, open, abort);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new ServiceHostException($"cannot listen on {endPoint}: {SocketErrors.Describe(e)}", e);
        }
    }

    /// <summary>Accepts clients and serves each while a slot is free; a client beyond the limit is refused at once.</summary>
    public async Task AcceptLoopAsync(CancellationToken stopAccepting)
    {
        while (!stopAccepting.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stopAccepting).ConfigureAwait(false);
            }
            catch (Exception e) when (stopAccepting.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A client gone before accept, or no file descriptors left: keep serving, but do not spin.
                _options.Log?.Invoke($"{_service.Name}: accept failed: {SocketErrors.Describe(e)}");
                await Task.Delay(TimeSpan.FromMilliseconds(50), _options.Clock, CancellationToken.None).ConfigureAwait(false);
                continue;
            }
            if (!TryTakeSlot())
            {
                Refuse(client);
                continue;
            }
            Interlocked.Increment(ref _served);
            _open.Enter();
            _ = ServeAsync(client);
        }
    }

    // Never counts past the limit, not even for a moment, so Counters.Open holds to what it promises.
    private bool TryTakeSlot()
    {
        int serving = Volatile.Read(ref _serving);
        while (serving < _service.Limits.MaxConcurrentConnections)
        {
            int seen = Interlocked.CompareExchange(ref _serving, serving + 1, serving);
            if (seen == serving)
            {
                return true;
            }
            serving = seen;
        }
        return false;
    }

    // A reset rather than a queue: the client learns at once that the service is full, and no TIME_WAIT is kept for it.
    private void Refuse(Socket client)
    {
        Interlocked.Increment(ref _refused);
        EndPoint? remote = client.RemoteEndPoint;
        try
        {
            client.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
            // Reset by the client already: closing is all that is left.
        }
        client.Dispose();
        _options.Log?.Invoke($"{remote} {_service.Name} in=0 out=0 0.0ms refused-at-limit");
    }

    private async Task ServeAsync(Socket client)
    {
        long started = _options.Clock.GetTimestamp();
        var connection = new ServiceConnection(client, (IPEndPoint)client.RemoteEndPoint!, _service.Limits, _options.Clock, _abort);
        string outcome = "ok";
        bool done = false;
        try
        {
            await _service.RunAsync(connection, connection.CancellationToken).ConfigureAwait(false);
            done = true;
        }
        catch (OperationCanceledException) when (connection.CancellationToken.IsCancellationRequested)
        {
            outcome = connection.ExpiryReason;
        }
        catch (LineTooLongException)
        {
            outcome = "line-too-long";
        }
        catch (SocketException e)
        {
            outcome = SocketErrors.Describe(e);
        }
        catch (Exception e)
        {
            // A faulty service loses its connection, never the host or the other clients.
            outcome = $"failed: {e.GetType().Name}: {e.Message}";
        }
        finally
        {
            // Freed before the close, so a client that reconnects the moment it sees the end finds the slot free.
            Interlocked.Decrement(ref _serving);
            if (done)
            {
                CloseGently(connection);
            }
            connection.Release();
            client.Dispose();
            _options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{connection.RemoteEndPoint} {_service.Name} in={connection.BytesReceived} out={connection.BytesSent} " +
                $"{_options.Clock.GetElapsedTime(started).TotalMilliseconds:0.0}ms {outcome}"));
            _open.Leave();
        }
    }

    // The reply is complete once the service returns: a client that has reset meanwhile cannot make it fail.
    private static void CloseGently(ServiceConnection connection)
    {
        try
        {
            connection.CloseGently();
        }
        catch (SocketException)
        {
        }
    }

    // Closes the listening socket only: connections still being served release their slots afterwards.
    public void Dispose() => _socket.Dispose();
}
