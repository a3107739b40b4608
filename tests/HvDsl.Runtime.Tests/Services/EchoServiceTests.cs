using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class EchoServiceTests
{
    [Fact]
    public async Task Echo_returns_lines_unchanged_with_their_own_line_ends()
    {
        await using var host = LoopbackHost.Start(new EchoService());
        using Socket client = await host.ConnectAsync("Echo");
        const string lines = "hello\nwith CRLF\r\n  spaces and ünïcode \n\n";

        await client.SendAsync(Encoding.UTF8.GetBytes(lines));
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(lines, Encoding.UTF8.GetString(await LoopbackHost.ReadToCloseAsync(client)));
    }

    [Fact]
    public async Task Echo_answers_each_line_before_the_next_is_sent()
    {
        await using var host = LoopbackHost.Start(new EchoService());
        using Socket client = await host.ConnectAsync("Echo");

        await client.SendAsync("one\r\n"u8.ToArray());
        Assert.Equal("one\r\n", await LoopbackHost.ReceiveTextAsync(client, 5));
        await client.SendAsync("two\n"u8.ToArray());
        Assert.Equal("two\n", await LoopbackHost.ReceiveTextAsync(client, 4));
    }

    [Fact]
    public async Task Last_line_without_line_end_is_echoed_when_the_client_closes()
    {
        await using var host = LoopbackHost.Start(new EchoService());
        using Socket client = await host.ConnectAsync("Echo");

        await client.SendAsync("tail"u8.ToArray());
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal("tail", Encoding.UTF8.GetString(await LoopbackHost.ReadToCloseAsync(client)));
    }
}
