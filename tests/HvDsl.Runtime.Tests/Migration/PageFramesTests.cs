using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Migration;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Tests.Migration;

/// <summary>The migration wire format: payloads larger than one page, damage, forgery, floods and senders that dribble.</summary>
public sealed class PageFramesTests
{
    private static readonly byte[] FrameKey = new byte[32];
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private const long Rate = 64 << 10;

    [Theory]
    [InlineData(0)]
    [InlineData(PageFrames.PageSize)]
    [InlineData(3 * PageFrames.PageSize + 17)]
    public void Payload_round_trips_through_page_frames(int size)
    {
        var payload = new byte[size];
        new Random(size).NextBytes(payload);

        Assert.Equal(payload, ReadAll(Wire(payload)));
    }

    [Fact]
    public void A_damaged_later_page_is_named_by_index_and_offset()
    {
        var bytes = Wire(new byte[3 * PageFrames.PageSize]);
        // Frame 2's payload starts after two whole frames and its own 4-byte length.
        bytes[2 * (4 + PageFrames.PageSize + PageFrames.TagSize) + 4] ^= 0x80;

        var problem = Assert.Throws<SnapshotException>(() => ReadAll(bytes));

        Assert.Equal($"migration page 2 (payload offset {2 * PageFrames.PageSize}) does not check: damaged, or not from the key holder", problem.Message);
    }

    [Fact]
    public void Frames_made_under_another_key_do_not_check()
    {
        var forged = new MemoryStream();
        PageFrames.Write(forged, new byte[10], [.. new byte[31], 1]);

        var problem = Assert.Throws<SnapshotException>(() => ReadAll(forged.ToArray()));

        Assert.StartsWith("migration page 0 (payload offset 0) does not check", problem.Message);
    }

    [Fact]
    public void Pages_swapped_in_order_do_not_check()
    {
        var bytes = Wire([.. new byte[PageFrames.PageSize], .. Enumerable.Repeat((byte)1, PageFrames.PageSize)]);
        var frame = 4 + PageFrames.PageSize + PageFrames.TagSize;
        byte[] swapped = [.. bytes[frame..(2 * frame)], .. bytes[..frame], .. bytes[(2 * frame)..]];

        var problem = Assert.Throws<SnapshotException>(() => ReadAll(swapped));

        Assert.StartsWith("migration page 0 (payload offset 0) does not check", problem.Message);
    }

    [Fact]
    public void A_stream_cut_before_the_end_frame_is_refused()
    {
        var bytes = Wire(new byte[PageFrames.PageSize + 1])[..^(4 + 8 + PageFrames.TagSize)];

        var problem = Assert.Throws<SnapshotException>(() => ReadAll(bytes));

        Assert.Equal($"migration stream ended in page 2 after {PageFrames.PageSize + 1} payload bytes", problem.Message);
    }

    [Fact]
    public void A_flood_past_what_the_header_allows_is_refused_within_that_bound()
    {
        // A valid header for the smallest PC, then 256 MiB of well-formed frames.
        var header = new MemoryStream();
        using (var vm = new Vm(1 << 20)) RunSnapshotFile.WriteTo(header, 1 << 20, vm, new SnapshotMachine("Tests.Board", "1.0"));
        var written = header.ToArray();
        var flood = new FloodStream(written[..RunSnapshotFile.Read(new MemoryStream(written), "file").HeaderSize], 256 << 20);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var problem = Assert.Throws<SnapshotException>(() => RunSnapshotFile.Read(new PageFrameReader(flood, FrameKey, Budget, Rate), "migrated machine"));

        Assert.Contains($"snapshot is larger than {VmSnapshot.MaxBytes(1 << 20)} bytes", problem.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200 << 20, "the flood was buffered");
        Assert.True(flood.Sent < 64 << 20, $"{flood.Sent} bytes were read");
    }

    [Fact]
    public async Task A_sender_dribbling_a_byte_at_a_time_is_cut_off_at_the_frame_budget()
    {
        using var connection = await Loopback();
        using var stop = new CancellationTokenSource();
        // A 255-byte page, each byte well inside any idle timeout; the frame as a whole takes far longer than the budget.
        var dribble = Task.Run(async () =>
        {
            byte[] frame = [255, 0, 0, 0, .. new byte[255 + PageFrames.TagSize]];
            for (var i = 0; i < frame.Length && !stop.IsCancellationRequested; i++)
            {
                await connection.Sender.GetStream().WriteAsync(frame.AsMemory(i, 1));
                await Task.Delay(100);
            }
        });

        var problem = Assert.Throws<SnapshotException>(() => new PageFrameReader(connection.Receiver.GetStream(), FrameKey, TimeSpan.FromSeconds(1), Rate).ReadByte());

        Assert.StartsWith("migration sender took more than 1 s over page 0 after 0 payload bytes", problem.Message);
        Assert.False(dribble.IsCompleted, "the reader waited for the whole dribble");
        stop.Cancel();
        await dribble.ContinueWith(_ => { });
    }

    [Fact]
    public async Task A_sender_of_whole_but_slow_frames_is_cut_off_at_the_transfer_rate()
    {
        using var connection = await Loopback();
        using var stop = new CancellationTokenSource();
        // One-byte pages, each whole in a moment and well inside its 2 s budget: 5 bytes/s against a 1 KiB/s minimum.
        // A thread of its own, so a thread pool starved by the other tests cannot hold a page past its budget.
        var trickle = new Thread(() =>
        {
            for (var index = 0UL; index < 300 && !stop.IsCancellationRequested; index++)
            {
                PageFrames.WritePage(connection.Sender.GetStream(), [7], index, FrameKey);
                stop.Token.WaitHandle.WaitOne(200);
            }
        });
        trickle.Start();
        var reader = new PageFrameReader(connection.Receiver.GetStream(), FrameKey, TimeSpan.FromSeconds(2), minimumRate: 1024);

        var problem = Assert.Throws<SnapshotException>(() => reader.CopyTo(Stream.Null));

        Assert.StartsWith("migration sender fell below 1024 bytes/s: ", problem.Message);
        Assert.True(trickle.IsAlive, "the reader waited for the whole trickle");
        stop.Cancel();
        trickle.Join();
    }

    /// <summary>Both ends of one TCP connection on 127.0.0.1.</summary>
    private static async Task<Connection> Loopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sender = new TcpClient();
        await sender.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return new Connection(sender, await listener.AcceptTcpClientAsync());
    }

    private sealed record Connection(TcpClient Sender, TcpClient Receiver) : IDisposable
    {
        public void Dispose()
        {
            Sender.Dispose();
            Receiver.Dispose();
        }
    }

    private static byte[] Wire(byte[] payload)
    {
        var wire = new MemoryStream();
        PageFrames.Write(wire, payload, FrameKey);
        return wire.ToArray();
    }

    private static byte[] ReadAll(byte[] wire)
    {
        var read = new MemoryStream();
        new PageFrameReader(new MemoryStream(wire), FrameKey, Budget, Rate).CopyTo(read);
        return read.ToArray();
    }

    /// <summary>Page frames of <paramref name="start"/> then zeros up to <paramref name="total"/> bytes, made as they are read.</summary>
    private sealed class FloodStream(byte[] start, long total) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _payload;
        private ulong _index;

        public long Sent { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pending.Position == _pending.Length && _payload < total)
            {
                var page = new byte[PageFrames.PageSize];
                if (_payload == 0) start.CopyTo(page, 0);
                _pending.SetLength(0);
                PageFrames.WritePage(_pending, page, _index++, FrameKey);
                _pending.Position = 0;
                _payload += page.Length;
            }
            var read = _pending.Read(buffer, offset, count);
            Sent += read;
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
