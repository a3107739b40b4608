using System;
using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

public sealed partial class ServiceConnection
{
    // Rented on the first read only: services that never read (the time server) never pay for it.
    private byte[]? _lineBuffer;
    private int _lineStart;
    private int _lineEnd;
    private int _dataEnd;

    /// <summary>
    /// Reads the next line, without its LF or CRLF, within <see cref="ServiceLimits.LineTimeLimit"/>; a last line
    /// the client ends by closing counts too.
    /// </summary>
    /// <returns>The line decoded as UTF-8, or <see langword="null"/> when the client has closed.</returns>
    /// <exception cref="LineTooLongException">
    /// The line is longer than <see cref="ServiceLimits.MaxLineLength"/>; let it propagate: the host closes
    /// the connection and logs <c>line-too-long</c>.
    /// </exception>
    public async ValueTask<string?> ReadLineAsync()
    {
        if (await ReadRawLineAsync().ConfigureAwait(false) is not { } raw)
        {
            return null;
        }
        ReadOnlySpan<byte> line = raw.Span;
        if (line.EndsWith("\n"u8))
        {
            line = line[..^1];
        }
        if (line.EndsWith("\r"u8))
        {
            line = line[..^1];
        }
        return Encoding.UTF8.GetString(line);
    }

    /// <summary>
    /// Reads the next line with its terminator, exactly as received; the memory is valid until the next read.
    /// </summary>
    internal async ValueTask<ReadOnlyMemory<byte>?> ReadRawLineAsync()
    {
        int capacity = _limits.MaxLineLength + 2;
        _lineBuffer ??= ArrayPool<byte>.Shared.Rent(capacity);
        _lineStart = _lineEnd;
        while (true)
        {
            int newline = _lineBuffer.AsSpan(_lineStart, _dataEnd - _lineStart).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                bool crlf = newline > 0 && _lineBuffer[_lineStart + newline - 1] == '\r';
                ThrowIfTooLong(crlf ? newline - 1 : newline);
                _lineEnd = _lineStart + newline + 1;
                EndLineBound();
                return _lineBuffer.AsMemory(_lineStart, newline + 1);
            }
            if (_lineStart > 0)
            {
                _lineBuffer.AsSpan(_lineStart, _dataEnd - _lineStart).CopyTo(_lineBuffer);
                _dataEnd -= _lineStart;
                _lineStart = 0;
            }
            // A full buffer without LF holds more than MaxLineLength bytes even if it ends in CR.
            if (_dataEnd == capacity)
            {
                throw new LineTooLongException(_limits.MaxLineLength);
            }
            if (_lineBegunAt is null && _dataEnd > _lineStart)
            {
                // Part of the line came before this read: its budget runs from now, not while the service was busy.
                _lineBegunAt = Clock.GetTimestamp();
                RestartTimer();
            }
            int received = await _socket.ReceiveAsync(_lineBuffer.AsMemory(_dataEnd, capacity - _dataEnd), SocketFlags.None, _expiry.Token).ConfigureAwait(false);
            if (received == 0)
            {
                _lineEnd = _dataEnd;
                EndLineBound();
                // Not a conditional expression: null would convert to an empty memory through byte[].
                if (_dataEnd == _lineStart)
                {
                    return null;
                }
                return Unterminated();
            }
            bool ended = _lineBuffer.AsSpan(_dataEnd, received).Contains((byte)'\n');
            _dataEnd += received;
            BytesReceived += received;
            NoteActivity();
            _lineBegunAt = ended ? null : _lineBegunAt ?? _lastActivityAt;
            RestartTimer();
        }
    }

    // Called when a line is complete or the stream ends; the timer needs moving only if the line bound was running.
    private void EndLineBound()
    {
        if (_lineBegunAt is not null)
        {
            _lineBegunAt = null;
            RestartTimer();
        }
    }

    private ReadOnlyMemory<byte> Unterminated()
    {
        ThrowIfTooLong(_dataEnd - _lineStart);
        return _lineBuffer.AsMemory(_lineStart, _dataEnd - _lineStart);
    }

    private void ThrowIfTooLong(int length)
    {
        if (length > _limits.MaxLineLength)
        {
            throw new LineTooLongException(_limits.MaxLineLength);
        }
    }
}
