using System;
using System.Buffers.Binary;
using System.Net.Sockets;
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
        Assert.True(TimeLineService.IsLineOfNow(reply), reply);
    }

    [Fact]
    public async Task Time_line_survives_a_client_that_sends_input_the_service_never_reads()
    {
        await using var host = LoopbackHost.Start(new TimeLineService());

        // Unread input used to turn the close into a reset that lost the line, in about half the tries.
        for (int i = 0; i < 200; i++)
        {
            using Socket client = await host.ConnectAsync("TimeServer");
            await client.SendAsync("hello there\n"u8.ToArray());
            client.Shutdown(SocketShutdown.Send);
            string reply = Encoding.UTF8.GetString(await LoopbackHost.ReadToCloseAsync(client));
            Assert.True(TimeLineService.IsLineOfNow(reply), $"try {i}: '{reply}'");
        }
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
