using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class SlowClientTests
{
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
