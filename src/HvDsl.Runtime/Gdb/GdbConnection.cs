using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;

namespace HvDsl.Runtime.Gdb;

/// <summary>
/// One debugger's socket: framed packets in, acked replies out, <c>QStartNoAckMode</c>, the 0x03 interrupt looked
/// for without blocking while the guest runs. Bad input is reported on the log and answered with a nak, never thrown.
/// </summary>
internal sealed class GdbConnection(Socket socket, TextWriter? log)
{
    private readonly PacketDecoder _decoder = new();
    private readonly Queue<byte[]> _packets = new();
    private readonly byte[] _buffer = new byte[4096];
    private byte[] _lastReply = [];
    private bool _interrupt;

    /// <summary>Whether acks are still exchanged (until gdb asks for <c>QStartNoAckMode</c>).</summary>
    public bool Acking { get; private set; } = true;

    /// <summary>Whether the connection is gone (gdb quit, the socket broke).</summary>
    public bool Closed { get; private set; }

    /// <summary>The next packet, waiting for it; null once the connection is closed.</summary>
    public byte[]? Receive()
    {
        while (_packets.Count == 0)
        {
            if (Closed || !Fill(block: true))
                return null;
        }
        return _packets.Dequeue();
    }

    /// <summary>Whether gdb sent the interrupt byte since the last look; reads what is waiting without blocking.</summary>
    public bool Interrupted()
    {
        if (!Closed && socket.Available > 0)
            Fill(block: false);
        var interrupt = _interrupt || Closed;
        _interrupt = false;
        return interrupt;
    }

    /// <summary>Sends a reply (kept for a resend should gdb nak it).</summary>
    public void Send(string payload) => Send(PacketEncoder.Frame(payload));

    /// <summary>Sends a framed reply.</summary>
    public void Send(byte[] framed)
    {
        _lastReply = framed;
        Write(framed);
    }

    /// <summary>Stops sending and expecting acks; the OK to <c>QStartNoAckMode</c> is still acked by gdb.</summary>
    public void StopAcking() => Acking = false;

    private bool Fill(bool block)
    {
        int read;
        try
        {
            if (!block && socket.Available == 0)
                return true;
            read = socket.Receive(_buffer);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Closed = true;
            return false;
        }
        if (read == 0)
        {
            Closed = true;
            return false;
        }
        for (var i = 0; i < read; i++)
        {
            if (_decoder.Feed(_buffer[i]) is not { } e)
                continue;
            switch (e.Kind)
            {
                case PacketEventKind.Packet:
                    if (Acking) Write("+"u8.ToArray());
                    _packets.Enqueue(e.Payload!);
                    break;
                case PacketEventKind.Interrupt:
                    _interrupt = true;
                    break;
                case PacketEventKind.Nak:
                    if (Acking && _lastReply.Length > 0) Write(_lastReply);
                    break;
                case PacketEventKind.Error:
                    log?.WriteLine($"gdb: refused a packet: {e.Error}");
                    if (Acking) Write("-"u8.ToArray());
                    break;
            }
        }
        return true;
    }

    private void Write(byte[] bytes)
    {
        try
        {
            socket.Send(bytes);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Closed = true;
        }
    }
}
