using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class HostLifecycleTests
{
    [Fact]
    public async Task Taken_port_gives_a_one_line_error()
    {
        await using var first = LoopbackHost.Start(new TimeLineService());
        int taken = first.Port("TimeServer");
        await using var second = new ServiceHost([new TimeLineService()], new ServiceHostOptions { Port = taken });

        var error = Assert.Throws<ServiceHostException>(second.Start);

        Assert.Equal($"cannot listen on 127.0.0.1:{taken}: address already in use", error.Message);
    }

    [Fact]
    public async Task Port_zero_reports_the_port_actually_bound()
    {
        await using var host = LoopbackHost.Start(new TimeLineService(), new EchoService());

        Assert.All(host.Host.Bindings, b => Assert.NotEqual(0, b.EndPoint.Port));
        Assert.Equal(IPAddress.Loopback, host.Host.GetEndPoint("Echo").Address);
        await host.WaitForLogAsync($"listening Echo on tcp 127.0.0.1:{host.Port("Echo")}");
    }

    [Fact]
    public void One_port_for_two_services_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ServiceHost([new TimeLineService(), new EchoService()], new ServiceHostOptions { Port = 4000 }));

        Assert.StartsWith("port 4000 can serve one service, not 2", error.Message);
    }

    [Fact]
    public void Impossible_limits_are_refused_before_anything_listens()
    {
        var echo = new EchoService { Limits = ServiceLimits.Default with { MaxConcurrentConnections = 0 } };

        var error = Assert.Throws<ArgumentException>(() => new ServiceHost([echo]));

        Assert.StartsWith("service Echo: MaxConcurrentConnections and MaxLineLength must be at least 1", error.Message);
    }

    [Fact]
    public void Zero_line_time_limit_is_refused_by_name()
    {
        var echo = new EchoService { Limits = ServiceLimits.Default with { LineTimeLimit = TimeSpan.Zero } };

        var error = Assert.Throws<ArgumentException>(() => new ServiceHost([echo]));

        Assert.StartsWith("service Echo: LineTimeLimit must be positive or infinite, not 00:00:00", error.Message);
    }

    [Fact]
    public async Task Graceful_stop_refuses_new_clients_and_lets_an_open_connection_finish()
    {
        await using var host = LoopbackHost.Start(new EchoService());
        int port = host.Port("Echo");
        using Socket open = await host.ConnectAsync("Echo");
        await open.SendAsync("before\n"u8.ToArray());
        Assert.Equal("before\n", await LoopbackHost.ReceiveTextAsync(open, 7));

        Task stopping = host.Host.StopAsync();
        var refused = await Assert.ThrowsAsync<SocketException>(() => new Socket(SocketType.Stream, ProtocolType.Tcp).ConnectAsync(IPAddress.Loopback, port));
        await open.SendAsync("during\n"u8.ToArray());
        Assert.Equal("during\n", await LoopbackHost.ReceiveTextAsync(open, 7));
        Assert.False(stopping.IsCompleted);
        open.Shutdown(SocketShutdown.Send);

        await stopping.WaitAsync(LoopbackHost.Patience);
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.EndsWith(" ok", await host.WaitForLogAsync("in=14"));
    }

    [Fact]
    public async Task Stop_cancels_connections_still_open_after_the_grace_period()
    {
        var options = new ServiceHostOptions { ShutdownGracePeriod = TimeSpan.FromMilliseconds(200) };
        await using var host = LoopbackHost.Start(options, new EchoService());
        using Socket lingering = await host.ConnectAsync("Echo");
        await lingering.SendAsync("x\n"u8.ToArray());
        Assert.Equal("x\n", await LoopbackHost.ReceiveTextAsync(lingering, 2));

        await host.Host.StopAsync().WaitAsync(LoopbackHost.Patience);

        Assert.Empty(await LoopbackHost.ReadToCloseAsync(lingering));
        await host.WaitForLogAsync("aborted-by-shutdown");
    }

    [Fact]
    public async Task Each_connection_logs_one_line_with_endpoint_service_bytes_duration_and_outcome()
    {
        await using var host = LoopbackHost.Start(new NetworkTimeService());

        await host.ReadAllAsync("Time");

        string line = await host.WaitForLogAsync("out=4");
        Assert.Matches(@"^127\.0\.0\.1:\d+ Time in=0 out=4 \d+\.\dms ok$", line);
    }
}
