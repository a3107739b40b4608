using System;
using System.Collections.Generic;

namespace HvDsl.Runtime.Gdb;

/// <summary>
/// Frames the GDB remote serial protocol byte by byte: <c>$payload#xx</c> with its modulo-256 checksum, acks,
/// naks and the 0x03 interrupt. Bytes between packets that mean nothing are dropped, as gdb's own stubs do;
/// a bad packet becomes an <see cref="PacketEventKind.Error"/> event, never an exception.
/// </summary>
public sealed class PacketDecoder
{
    /// <summary>The largest payload accepted, after run-length expansion; the stub announces it as PacketSize.</summary>
    public const int MaxPayload = 0x4000;

    private enum State { Idle, Payload, Escaped, Checksum1, Checksum2 }

    private readonly List<byte> _payload = new(256);
    private State _state;
    private byte _sum;
    private int _checksumHigh;
    private bool _overflow;
    private long _offset;
    private long _start;

    /// <summary>Offset, counted from the first byte fed, of the packet being decoded (for error messages).</summary>
    public long PacketOffset => _start;

    /// <summary>Feeds one byte; returns the event it completes, or null when more bytes are needed.</summary>
    public PacketEvent? Feed(byte value)
    {
        var at = _offset++;
        switch (_state)
        {
            case State.Idle:
                switch (value)
                {
                    case (byte)'$':
                        Begin(at);
                        return null;
                    case 0x03:
                        return new PacketEvent(PacketEventKind.Interrupt);
                    case (byte)'+':
                        return new PacketEvent(PacketEventKind.Ack);
                    case (byte)'-':
                        return new PacketEvent(PacketEventKind.Nak);
                    default:
                        return null;
                }
            case State.Payload:
                if (value == (byte)'#')
                {
                    _state = State.Checksum1;
                    return null;
                }
                if (value == (byte)'$')
                {
                    // A new start inside a packet: the first was cut short, so it is refused and the new one decoded.
                    var cut = _start;
                    Begin(at);
                    return Refuse($"packet at byte {cut} cut short by a new '$'", keepState: true);
                }
                _sum += value;
                if (value == (byte)'}')
                    _state = State.Escaped;
                Append(value);
                return null;
            case State.Escaped:
                _sum += value;
                Append(value);
                _state = State.Payload;
                return null;
            case State.Checksum1:
                _checksumHigh = HexDigit(value);
                if (_checksumHigh < 0)
                    return Refuse($"packet at byte {_start}: checksum digit '{Printable(value)}' is not hexadecimal");
                _state = State.Checksum2;
                return null;
            default:
                var low = HexDigit(value);
                if (low < 0)
                    return Refuse($"packet at byte {_start}: checksum digit '{Printable(value)}' is not hexadecimal");
                var expected = (byte)((_checksumHigh << 4) | low);
                if (expected != _sum)
                    return Refuse($"packet at byte {_start}: checksum 0x{expected:x2} does not match the payload's 0x{_sum:x2}");
                if (_overflow)
                    return Refuse($"packet at byte {_start}: longer than {MaxPayload} bytes");
                _state = State.Idle;
                return RunLength.Expand(_payload, MaxPayload, out var payload, out var error)
                    ? new PacketEvent(PacketEventKind.Packet, payload)
                    : new PacketEvent(PacketEventKind.Error, Error: $"packet at byte {_start}: {error}");
        }
    }

    private void Begin(long at)
    {
        _payload.Clear();
        _sum = 0;
        _overflow = false;
        _start = at;
        _state = State.Payload;
    }

    private void Append(byte value)
    {
        if (_payload.Count < MaxPayload)
            _payload.Add(value);
        else
            _overflow = true;
    }

    private PacketEvent Refuse(string message, bool keepState = false)
    {
        if (!keepState)
            _state = State.Idle;
        return new PacketEvent(PacketEventKind.Error, Error: message);
    }

    private static string Printable(byte value) => value is >= 0x20 and < 0x7F ? ((char)value).ToString() : $"\\x{value:x2}";

    /// <summary>The value of a hexadecimal digit, or -1.</summary>
    internal static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
