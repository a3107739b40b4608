using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class TimeClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Prints_the_time_line_and_returns_zero()
    {
        await using var host = LoopbackHost.Start(new TimeLineService());
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit = await TimeClient.RunAsync("127.0.0.1", host.Port("TimeServer"), stdout, stderr, Timeout);

        Assert.Equal(0, exit);
        Assert.Equal("", stderr.ToString());
        Assert.True(TimeLineService.IsLineOfNow(stdout.ToString()), stdout.ToString());
    }

    [Fact]
    public async Task Refused_connection_prints_one_line_and_returns_one()
    {
        int closedPort = FreePort();
        var stderr = new StringWriter();

        int exit = await TimeClient.RunAsync("127.0.0.1", closedPort, new StringWriter(), stderr, Timeout);

        Assert.Equal(1, exit);
        Assert.Equal($"cannot connect to 127.0.0.1:{closedPort}: connection refused{Environment.NewLine}", stderr.ToString());
    }

    [Fact]
    public async Task Unresolvable_host_prints_one_line_and_returns_one()
    {
        var stderr = new StringWriter();

        int exit = await TimeClient.RunAsync("no-such-host.invalid", 13, new StringWriter(), stderr, Timeout);

        Assert.Equal(1, exit);
        Assert.StartsWith("cannot connect to no-such-host.invalid:13: ", stderr.ToString());
        Assert.Single(stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Server_that_stays_silent_times_out_with_one_line_and_returns_one()
    {
        await using var host = LoopbackHost.Start(new EchoService());
        var stderr = new StringWriter();

        int exit = await TimeClient.RunAsync("127.0.0.1", host.Port("Echo"), new StringWriter(), stderr, TimeSpan.FromSeconds(1));

        Assert.Equal(1, exit);
        Assert.Equal($"no data from 127.0.0.1:{host.Port("Echo")} for 1 s{Environment.NewLine}", stderr.ToString());
    }

    [Fact]
    public async Task Socket_client_connect_returns_a_stream_with_the_reply()
    {
        await using var host = LoopbackHost.Start(new NetworkTimeService());

        using NetworkStream stream = SocketClient.Connect("localhost", host.Port("Time"));

        byte[] field = new byte[NetworkTime.Length];
        await stream.ReadExactlyAsync(field).AsTask().WaitAsync(LoopbackHost.Patience);
        Assert.Equal(0, await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(LoopbackHost.Patience));
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
