using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Serial;

/// <summary>
/// A serial line to a host TCP service, as QEMU's <c>-serial tcp:HOST:PORT</c>: every <see cref="Open"/> makes a fresh
/// connection, a refused or closed one is a line without carrier, never an exception, and both directions go through
/// bounded buffers polled without blocking.
/// </summary>
/// <param name="host">A name or an IPv4/IPv6 address.</param>
/// <param name="port">The TCP port.</param>
public sealed class TcpSerialLine(string host, int port) : ISerialLine
{
    /// <summary>How many received bytes wait for the guest; more stay in the host's socket, which slows the far end down.</summary>
    public const int ReceiveCapacity = 4096;

    /// <summary>How many transmitted bytes wait for the host's socket to take them; beyond that the guest's bytes are lost.</summary>
    public const int SendCapacity = 4096;

    private readonly ByteRing _received = new(ReceiveCapacity);
    private readonly ByteRing _sending = new(SendCapacity);
    private readonly byte[] _chunk = new byte[ReceiveCapacity];
    private Socket? _socket;
    private Task? _connecting;

    /// <summary>Receives one line per connection made, refused or ended; nothing when null.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Where the line leads, <c>HOST:PORT</c>.</summary>
    public string Target => $"{host}:{port}";

    /// <inheritdoc />
    public bool Carrier => _socket is not null && _connecting is { IsCompletedSuccessfully: true };

    /// <inheritdoc />
    public bool IsOpen => _socket is not null || _received.Count > 0;

    /// <inheritdoc />
    public void Open()
    {
        if (_socket is not null) return;
        _received.Clear();
        _sending.Clear();
        Socket? socket = null;
        try
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            _connecting = socket.ConnectAsync(host, port);
            _socket = socket;
        }
        catch (SocketException e)
        {
            // The host is out of sockets or cannot start the connect: no carrier, as a refused connection.
            socket?.Dispose();
            Log?.Invoke($"cannot connect to {Target}: {e.Message}");
        }
    }

    /// <inheritdoc />
    public void Close()
    {
        Drop();
        _received.Clear();
        _sending.Clear();
    }

    /// <inheritdoc />
    public void Poll()
    {
        if (_socket is not { } socket || _connecting is not { IsCompleted: true } connecting) return;
        if (!connecting.IsCompletedSuccessfully)
        {
            Log?.Invoke($"cannot connect to {Target}: {connecting.Exception?.InnerException?.Message}");
            Drop();
            return;
        }
        try
        {
            if (socket.Blocking)
            {
                socket.Blocking = false;
                Log?.Invoke($"connected to {Target}");
            }
            Send(socket);
            Receive(socket);
        }
        catch (SocketException e)
        {
            Ended($"failed: {e.Message}");
        }
    }

    /// <inheritdoc />
    public void WaitForActivity(TimeSpan timeout)
    {
        if (_socket is not { } socket || _connecting is not { } connecting) return;
        if (!connecting.IsCompleted) ((IAsyncResult)connecting).AsyncWaitHandle.WaitOne(timeout);
        else if (connecting.IsCompletedSuccessfully && _received.Count == 0)
        {
            try
            {
                socket.Poll(timeout, SelectMode.SelectRead);
            }
            catch (SocketException)
            {
                // A broken socket has something to report: the next Poll finds it.
            }
        }
    }

    /// <inheritdoc />
    public bool TryRead(out byte value) => _received.TryTake(out value);

    /// <inheritdoc />
    public bool Write(byte value) => _socket is not null && _sending.TryAdd(value);

    /// <inheritdoc />
    public void Dispose() => Close();

    private void Send(Socket socket)
    {
        while (_sending.Count > 0)
        {
            var sent = socket.Send(_sending.Oldest(), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) return;
            if (error != SocketError.Success)
            {
                Ended($"send failed: {error}");
                return;
            }
            _sending.Discard(sent);
        }
    }

    // Only as much as the buffer has room for, so a flooding peer is held back by TCP's own flow control.
    private void Receive(Socket socket)
    {
        while (_received.Free > 0)
        {
            var read = socket.Receive(_chunk.AsSpan(0, _received.Free), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) return;
            if (error != SocketError.Success || read == 0)
            {
                Ended(error == SocketError.Success ? "closed by the far end" : $"receive failed: {error}");
                return;
            }
            _received.AddRange(_chunk.AsSpan(0, read));
        }
    }

    // What the far end sent before it went away stays for the guest to read.
    private void Ended(string why)
    {
        Log?.Invoke($"connection to {Target} {why}");
        Drop();
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
        _connecting = null;
    }
}
