using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Serve;

[Collection(nameof(CliProcess))]
public class ServeGracefulStopTests
{
    [Fact]
    public async Task Ctrl_c_stops_accepting_but_lets_an_open_connection_finish()
    {
        using var serve = new CliProcess("serve", Cli.SpecsFolder(), "--service", "Echo", "--port", "0");
        var port = int.Parse(serve.WaitForLine("listening Echo on tcp ").Split(':')[^1], CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(Loopback.Patience);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        Assert.Equal("before\n", await Loopback.EchoAsync(client, "before\n", timeout.Token));

        serve.Interrupt();
        serve.WaitForLine("stopping");

        Assert.Equal("after\n", await Loopback.EchoAsync(client, "after\n", timeout.Token));
        client.Shutdown(SocketShutdown.Send);
        Assert.Contains(" Echo in=13 out=13 ", serve.WaitForLine(" Echo in="));
        Assert.Equal(0, serve.WaitForExit());
        await Assert.ThrowsAsync<SocketException>(() => Loopback.ExchangeAsync(port, []));
    }
}
