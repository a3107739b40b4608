using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class TimeServiceTests
{
    [Fact]
    public async Task Time_server_sends_one_line_that_parses_as_now()
    {
        await using var host = LoopbackHost.Start(new TimeLineService());

        string reply = Encoding.UTF8.GetString(await host.ReadAllAsync("TimeServer"));

        Assert.EndsWith("\r\n", reply);
        Assert.Single(reply.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
        DateTime sent = DateTime.ParseExact(reply.TrimEnd(), TimeLineService.Format, CultureInfo.InvariantCulture);
        Assert.InRange((sent - DateTime.Now).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Network_time_service_sends_four_big_endian_bytes_that_decode_to_now()
    {
        await using var host = LoopbackHost.Start(new NetworkTimeService());

        byte[] reply = await host.ReadAllAsync("Time");

        Assert.Equal(NetworkTime.Length, reply.Length);
        long sent = BinaryPrimitives.ReadUInt32BigEndian(reply);
        long now = (long)(DateTimeOffset.UtcNow - NetworkTime.Epoch).TotalSeconds;
        Assert.InRange(sent, now - 5, now + 5);
    }

    [Fact]
    public async Task Daytime_service_formats_the_host_clock_in_utc()
    {
        var clock = new FixedClock(new DateTimeOffset(1982, 2, 22, 17, 37, 43, TimeSpan.Zero));
        await using var host = LoopbackHost.Start(new ServiceHostOptions { Clock = clock }, new DaytimeService());

        string reply = Encoding.UTF8.GetString(await host.ReadAllAsync("Daytime"));

        Assert.Equal("Monday, February 22, 1982 17:37:43-UTC\r\n", reply);
    }
}
