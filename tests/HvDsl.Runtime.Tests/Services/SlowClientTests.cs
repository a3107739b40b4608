using System;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class SlowClientTests
{
    [Fact]
    public async Task Slowloris_holding_every_slot_is_cut_at_the_line_budget_and_a_normal_client_is_answered()
    {
        const int Limit = 8;
        var limits = ServiceLimits.Default with { MaxConcurrentConnections = Limit, LineTimeLimit = TimeSpan.FromSeconds(1) };
        await using var host = LoopbackHost.Start(new EchoService { Limits = limits });
        using var stop = new CancellationTokenSource(LoopbackHost.Patience);
        Socket[] attackers = await Task.WhenAll(Enumerable.Range(0, Limit).Select(_ => host.ConnectAsync("Echo")));
        Task[] trickles = attackers.Select(a => TrickleAsync(a, stop.Token)).ToArray();
        await host.WaitForCountersAsync("Echo", c => c.Open == Limit);

        string? answer = null;
        while (answer is null && !stop.IsCancellationRequested)
        {
            answer = await TryEchoAsync(host, "ping\n");
            await Task.Delay(answer is null ? 50 : 0);
        }

        Assert.Equal("ping\n", answer);
        await host.WaitForLogAsync("line-too-slow");
        await stop.CancelAsync();
        await Task.WhenAll(trickles);
        Array.ForEach(attackers, a => a.Dispose());
    }

    [Fact]
    public async Task Client_trickling_a_line_is_closed_at_the_line_budget()
    {
        var limits = ServiceLimits.Default with { LineTimeLimit = TimeSpan.FromSeconds(1) };
        await using var host = LoopbackHost.Start(new EchoService { Limits = limits });
        using var stop = new CancellationTokenSource(LoopbackHost.Patience);
        using Socket client = await host.ConnectAsync("Echo");

        Task trickle = TrickleAsync(client, stop.Token);

        await host.WaitForLogAsync("line-too-slow");
        await stop.CancelAsync();
        await trickle;
    }

    [Fact]
    public async Task Line_budget_does_not_count_the_time_the_service_is_busy_before_reading()
    {
        // The budget leaves the client's round trip from "a" back to "\n" seconds to spare on a loaded machine.
        var limits = ServiceLimits.Default with { LineTimeLimit = TimeSpan.FromSeconds(5) };
        await using var host = LoopbackHost.Start(new PausingEchoService { Limits = limits, Pause = TimeSpan.FromSeconds(7) });
        using Socket client = await host.ConnectAsync("PausingEcho");

        // "b" arrives with "a" but is read only after the 7 s pause, longer than its 5 s budget.
        await client.SendAsync("a\nb"u8.ToArray());
        Assert.Equal("a\r\n", await LoopbackHost.ReceiveTextAsync(client, 3));
        await client.SendAsync("\n"u8.ToArray());

        Assert.Equal("b\r\n", await LoopbackHost.ReceiveTextAsync(client, 3));
    }

    [Fact]
    public async Task Client_that_never_reads_is_cut_when_a_reply_outlasts_the_send_budget()
    {
        var limits = ServiceLimits.Default with { SendTimeLimit = TimeSpan.FromSeconds(1) };
        await using var host = LoopbackHost.Start(new BulkReplyService { Limits = limits });
        using var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };

        await client.ConnectAsync(host.Host.GetEndPoint("Bulk"));

        // Well inside the 30 s idle timeout: the reply moves a little at first, then not at all, and only the send budget ends it.
        await host.WaitForLogAsync("send-too-slow");
    }

    [Fact]
    public async Task Client_flooding_input_after_its_line_still_has_its_connection_closed()
    {
        // A one-byte line limit makes the host's discard buffer small, so the flood easily outpaces its draining.
        await using var host = LoopbackHost.Start(new OneLineService { Limits = ServiceLimits.Default with { MaxLineLength = 1 } });
        using var stop = new CancellationTokenSource(LoopbackHost.Patience);
        using Socket client = await host.ConnectAsync("OneLine");
        await client.SendAsync("x\n"u8.ToArray());

        Task flood = FloodAsync(client, new byte[64 * 1024], stop.Token);

        Assert.EndsWith(" ok", await host.WaitForLogAsync(" OneLine in="));
        await stop.CancelAsync();
        await flood;
    }

    // Returns the echo of line, or null when the host refused or closed the connection.
    private static async Task<string?> TryEchoAsync(LoopbackHost host, string line)
    {
        try
        {
            // A refusal can reach the client before its connect reports done.
            using Socket client = await host.ConnectAsync("Echo");
            await client.SendAsync(System.Text.Encoding.ASCII.GetBytes(line));
            string answer = await LoopbackHost.ReceiveTextAsync(client, line.Length);
            return answer.Length == line.Length ? answer : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    // A byte every 200 ms and never a line end: well inside the 30 s idle timeout, so only the line budget can end it.
    private static async Task TrickleAsync(Socket client, CancellationToken stop)
    {
        for (int i = 0; i < 100 && !stop.IsCancellationRequested; i++)
        {
            if (await Record.ExceptionAsync(async () => await client.SendAsync("x"u8.ToArray(), SocketFlags.None, stop)) is not null)
            {
                return;
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    // Sends chunk over and over until the host closes or stop fires; at most 256 MiB.
    private static async Task FloodAsync(Socket client, byte[] chunk, CancellationToken stop)
    {
        for (long sent = 0; sent < 256L << 20; sent += chunk.Length)
        {
            if (await Record.ExceptionAsync(async () => await client.SendAsync(chunk, SocketFlags.None, stop)) is not null)
            {
                return;
            }
        }
    }
}
