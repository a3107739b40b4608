using System;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class ConnectionLimitTests
{
    // Line tests keep the default idle timeout, so a loaded machine cannot turn "line too long" into "idle".
    private static readonly ServiceLimits ShortLines = ServiceLimits.Default with { MaxLineLength = 16 };
    private static readonly ServiceLimits ShortIdle = ServiceLimits.Default with { IdleTimeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task Line_of_exactly_the_maximum_length_is_accepted()
    {
        await using var host = LoopbackHost.Start(new EchoService { Limits = ShortLines });
        using Socket client = await host.ConnectAsync("Echo");
        string line = new string('x', 16) + "\r\n";

        await client.SendAsync(Encoding.ASCII.GetBytes(line));

        Assert.Equal(line, await LoopbackHost.ReceiveTextAsync(client, line.Length));
    }

    [Fact]
    public async Task Over_long_line_closes_that_connection_only()
    {
        await using var host = LoopbackHost.Start(new EchoService { Limits = ShortLines });
        using Socket polite = await host.ConnectAsync("Echo");
        using Socket rude = await host.ConnectAsync("Echo");

        await rude.SendAsync(Encoding.ASCII.GetBytes(new string('x', 17) + "\n"));
        byte[] rudeGot = await LoopbackHost.ReadToCloseAsync(rude);
        await polite.SendAsync("still here\n"u8.ToArray());

        Assert.Empty(rudeGot);
        Assert.Equal("still here\n", await LoopbackHost.ReceiveTextAsync(polite, 11));
        Assert.Contains("line-too-long", await host.WaitForLogAsync("line-too-long"));
    }

    [Fact]
    public async Task Endless_line_without_line_end_is_cut_at_the_limit()
    {
        await using var host = LoopbackHost.Start(new EchoService { Limits = ShortLines });
        using Socket rude = await host.ConnectAsync("Echo");

        await rude.SendAsync(new byte[64]);

        // Unread bytes make the close a reset; either way the client learns it is done.
        Exception? ended = await Record.ExceptionAsync(() => LoopbackHost.ReadToCloseAsync(rude));
        Assert.True(ended is null or SocketException { SocketErrorCode: SocketError.ConnectionReset }, ended?.ToString());
        await host.WaitForLogAsync("line-too-long");
    }

    [Fact]
    public async Task Silent_client_is_closed_when_idle_while_others_are_served()
    {
        await using var host = LoopbackHost.Start(new EchoService { Limits = ShortIdle });
        using Socket silent = await host.ConnectAsync("Echo");
        using Socket busy = await host.ConnectAsync("Echo");

        await busy.SendAsync("ping\n"u8.ToArray());

        Assert.Equal("ping\n", await LoopbackHost.ReceiveTextAsync(busy, 5));
        Assert.Empty(await LoopbackHost.ReadToCloseAsync(silent));
        await host.WaitForLogAsync("idle-timeout");
    }

    [Fact]
    public async Task Client_reset_mid_line_is_logged_and_others_are_served()
    {
        await using var host = LoopbackHost.Start(new EchoService());
        using Socket other = await host.ConnectAsync("Echo");
        Socket resetting = await host.ConnectAsync("Echo");

        await resetting.SendAsync("half a li"u8.ToArray());
        resetting.LingerState = new LingerOption(true, 0);
        resetting.Dispose();
        await other.SendAsync("fine\n"u8.ToArray());

        Assert.Equal("fine\n", await LoopbackHost.ReceiveTextAsync(other, 5));
        await host.WaitForLogAsync("reset");
    }

    [Fact]
    public async Task Busy_connection_is_closed_at_its_time_limit()
    {
        var limits = ServiceLimits.Default with { ConnectionTimeLimit = TimeSpan.FromMilliseconds(400) };
        await using var host = LoopbackHost.Start(new EchoService { Limits = limits });
        using Socket client = await host.ConnectAsync("Echo");

        // Keeps talking, so only the whole-connection limit can end it; a send fails once the host has closed.
        for (int i = 0; i < 100 && !host.Log.Any(l => l.EndsWith("time-limit", StringComparison.Ordinal)); i++)
        {
            if (await Record.ExceptionAsync(() => client.SendAsync("tick\n"u8.ToArray())) is not null)
            {
                break;
            }
            await Task.Delay(20);
        }

        await host.WaitForLogAsync("time-limit");
    }

    [Fact]
    public async Task Client_beyond_the_connection_limit_is_refused_at_once_and_counted()
    {
        await using var host = LoopbackHost.Start(new EchoService { Limits = ServiceLimits.Default with { MaxConcurrentConnections = 2 } });
        using Socket first = await host.ConnectAsync("Echo");
        using Socket second = await host.ConnectAsync("Echo");
        await host.WaitForCountersAsync("Echo", c => c.Open == 2);

        // Both holders stay open with 30 s to go, so only a refusal can end the third connection within the patience;
        // its reset can reach the client before the connect reports done.
        Exception? ended = await Record.ExceptionAsync(async () =>
        {
            using Socket third = await host.ConnectAsync("Echo");
            await LoopbackHost.ReadToCloseAsync(third);
        });
        Assert.True(ended is null or SocketException { SocketErrorCode: SocketError.ConnectionReset }, ended?.ToString());
        Assert.Equal(new ServiceCounters(2, 2, 1), host.Host.GetCounters("Echo"));
        await host.WaitForLogAsync("refused-at-limit");
        await first.SendAsync("still served\n"u8.ToArray());
        Assert.Equal("still served\n", await LoopbackHost.ReceiveTextAsync(first, 13));
    }

    [Fact]
    public async Task Client_reconnecting_the_moment_its_connection_ends_finds_its_slot_free()
    {
        await using var host = LoopbackHost.Start(new TimeLineService { Limits = ServiceLimits.Default with { MaxConcurrentConnections = 1 } });

        for (int i = 0; i < 50; i++)
        {
            Assert.True(TimeLineService.IsLineOfNow(Encoding.UTF8.GetString(await host.ReadAllAsync("TimeServer"))), $"connection {i} was refused");
        }

        Assert.Equal(0, host.Host.GetCounters("TimeServer").Refused);
    }

    [Fact]
    public async Task Burst_of_clients_that_reset_at_once_leaves_every_slot_free()
    {
        await using var host = LoopbackHost.Start(new EchoService { Limits = ServiceLimits.Default with { MaxConcurrentConnections = 4 } });

        for (int i = 0; i < 200; i++)
        {
            // A client the host refused may see that reset before its own.
            Exception? refused = await Record.ExceptionAsync(async () =>
            {
                using Socket resetting = await host.ConnectAsync("Echo");
                resetting.LingerState = new LingerOption(true, 0);
            });
            Assert.True(refused is null or SocketException { SocketErrorCode: SocketError.ConnectionReset }, refused?.ToString());
        }

        await host.WaitForCountersAsync("Echo", c => c.Open == 0 && c.Served + c.Refused == 200);
        using Socket client = await host.ConnectAsync("Echo");
        await client.SendAsync("after\n"u8.ToArray());
        Assert.Equal("after\n", await LoopbackHost.ReceiveTextAsync(client, 6));
    }

    [Fact]
    public async Task Service_that_throws_is_logged_and_the_host_keeps_serving()
    {
        await using var host = LoopbackHost.Start(new FaultyService(), new TimeLineService());

        Assert.Empty(await host.ReadAllAsync("Faulty"));

        Assert.Contains("failed: InvalidOperationException: bug in the service", await host.WaitForLogAsync("failed:"));
        Assert.NotEmpty(await host.ReadAllAsync("TimeServer"));
    }
}
