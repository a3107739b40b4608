using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Migration;

/// <summary>
/// The machine's bytes as they arrive in <see cref="PageFrames"/>: each frame is checked before any of its payload is
/// handed on, and the stream ends only at an end frame whose total checks. Each frame must arrive whole within
/// <c>frameBudget</c>, and the transfer as a whole keeps up <c>minimumRate</c> bytes per second after its first
/// <c>frameBudget</c>, so neither a dribbled frame nor a stream of slow ones holds the receiver.
/// </summary>
/// <exception cref="SnapshotException">Thrown by <see cref="Read(byte[], int, int)"/>: a frame is damaged, forged, too slow, oversized, or the connection ended early.</exception>
public sealed class PageFrameReader(Stream network, byte[] frameKey, TimeSpan frameBudget, long minimumRate) : Stream
{
    private readonly long _start = Environment.TickCount64;
    private readonly byte[] _frame = new byte[PageFrames.Prefix + PageFrames.PageSize + PageFrames.TagSize];
    private ulong _index;
    private long _received;
    private int _at;
    private int _length;
    private bool _ended;

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (_at == _length && !_ended) NextFrame();
        if (_ended) return 0;
        var taken = Math.Min(buffer.Length, _length - _at);
        _frame.AsSpan(PageFrames.Prefix + _at, taken).CopyTo(buffer);
        _at += taken;
        return taken;
    }

    private void NextFrame()
    {
        var what = $"page {_index}";
        BinaryPrimitives.WriteUInt64LittleEndian(_frame, _index);
        var budget = (long)frameBudget.TotalMilliseconds;
        // The transfer's deadline grows with what has arrived; the frame's own runs from now.
        var transfer = _start + budget + (_received + PageFrames.PageSize) * 1000 / minimumRate;
        var deadline = Math.Min(Environment.TickCount64 + budget, transfer);
        Fill(8, 4, what, deadline);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_frame.AsSpan(8));
        if (length > PageFrames.PageSize)
            throw new SnapshotException($"migration page {_index} claims {length} bytes; pages hold at most {PageFrames.PageSize}");
        var body = length == 0 ? 8 : (int)length;
        Fill(PageFrames.Prefix, body + PageFrames.TagSize, length == 0 ? "the end frame" : what, deadline);
        Span<byte> tag = stackalloc byte[PageFrames.TagSize];
        PageFrames.Tag(frameKey, _frame, body, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, _frame.AsSpan(PageFrames.Prefix + body, PageFrames.TagSize)))
            throw new SnapshotException($"migration {(length == 0 ? "end frame" : $"page {_index}")} (payload offset {_received}) does not check: damaged, or not from the key holder");
        _index++;
        if (length == 0)
        {
            var claimed = BinaryPrimitives.ReadUInt64LittleEndian(_frame.AsSpan(PageFrames.Prefix));
            if (claimed != (ulong)_received)
                throw new SnapshotException($"migration end frame claims {claimed} bytes, but {_received} arrived");
            _ended = true;
            return;
        }
        (_at, _length) = (0, (int)length);
        _received += length;
    }

    /// <summary>Reads <paramref name="count"/> bytes into the frame buffer at <paramref name="start"/>, all of them by <paramref name="deadline"/> (in <see cref="Environment.TickCount64"/> milliseconds).</summary>
    private void Fill(int start, int count, string what, long deadline)
    {
        int read;
        try
        {
            var left = deadline - Environment.TickCount64;
            read = left > 0 ? TimedRead.Fill(network, _frame.AsMemory(start, count), TimeSpan.FromMilliseconds(left)) : throw new TimeoutException();
        }
        catch (TimeoutException)
        {
            var elapsed = (Environment.TickCount64 - _start) / 1000.0;
            throw new SnapshotException(elapsed > frameBudget.TotalSeconds + 0.5 && _received > 0
                ? $"migration sender fell below {minimumRate} bytes/s: {_received} payload bytes in {elapsed:0.#} s, stopped in {what}"
                : $"migration sender took more than {frameBudget.TotalSeconds:0.###} s over {what} after {_received} payload bytes");
        }
        catch (IOException exception)
        {
            throw new SnapshotException($"migration connection failed while reading {what} after {_received} payload bytes: {exception.Message}", exception);
        }
        if (read < count) throw new SnapshotException($"migration stream ended in {what} after {_received} payload bytes");
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
