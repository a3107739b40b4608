using System;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services;

public class NetworkTimeTests
{
    [Fact]
    public void Unix_epoch_is_2208988800_seconds_after_1900() =>
        Assert.Equal(2_208_988_800u, NetworkTime.ToSeconds(DateTimeOffset.UnixEpoch));

    [Fact]
    public void Field_wraps_to_zero_on_7_february_2036()
    {
        var wrap = new DateTimeOffset(2036, 2, 7, 6, 28, 16, TimeSpan.Zero);

        Assert.Equal(uint.MaxValue, NetworkTime.ToSeconds(wrap.AddSeconds(-1)));
        Assert.Equal(0u, NetworkTime.ToSeconds(wrap));
    }

    [Fact]
    public void Field_is_written_big_endian()
    {
        byte[] field = new byte[NetworkTime.Length];

        NetworkTime.Write(DateTimeOffset.UnixEpoch, field);

        Assert.Equal(new byte[] { 0x83, 0xAA, 0x7E, 0x80 }, field);
    }
}
