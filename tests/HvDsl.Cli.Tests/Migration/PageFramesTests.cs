using System;
using System.IO;
using HvDsl.Cli.Migration;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Cli.Tests.Migration;

/// <summary>The migration wire format on payloads larger than one page, which the small kernel snapshot is not.</summary>
public sealed class PageFramesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(PageFrames.PageSize)]
    [InlineData(3 * PageFrames.PageSize + 17)]
    public void Payload_round_trips_through_page_frames(int size)
    {
        var payload = new byte[size];
        new Random(size).NextBytes(payload);
        var wire = new MemoryStream();

        PageFrames.Write(wire, payload);
        wire.Position = 0;

        Assert.Equal(payload, PageFrames.Read(wire));
    }

    [Fact]
    public void A_damaged_later_page_is_named_by_index_and_offset()
    {
        var wire = new MemoryStream();
        PageFrames.Write(wire, new byte[3 * PageFrames.PageSize]);
        var bytes = wire.ToArray();
        // Frame 2's payload starts after the 10-byte header, two whole frames and its own 4-byte length.
        bytes[10 + 2 * (4 + PageFrames.PageSize + 8) + 4] ^= 0x80;

        var problem = Assert.Throws<SnapshotException>(() => PageFrames.Read(new MemoryStream(bytes)));

        Assert.Equal($"migration page 2 (payload offset {2 * PageFrames.PageSize}) checksum does not match", problem.Message);
    }

    [Fact]
    public void A_stream_cut_before_the_end_frame_is_refused()
    {
        var wire = new MemoryStream();
        PageFrames.Write(wire, new byte[PageFrames.PageSize + 1]);
        var bytes = wire.ToArray()[..^12];

        var problem = Assert.Throws<SnapshotException>(() => PageFrames.Read(new MemoryStream(bytes)));

        Assert.Equal($"migration stream ended in page 2 after {PageFrames.PageSize + 1} payload bytes", problem.Message);
    }
}
