using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Serve;

public class ConnectCommandTests
{
    [Fact]
    public void Refused_connection_fails_with_one_line()
    {
        var port = Loopback.ClosedPort();

        var (exit, output, error) = Cli.Run("connect", "127.0.0.1", $"{port}");

        Assert.Equal((1, ""), (exit, output));
        Assert.Equal($"cannot connect to 127.0.0.1:{port}: connection refused\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Silent_server_times_out_with_one_line()
    {
        // The kernel completes the handshake from the backlog; nobody ever accepts or sends.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(1);
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;

        var (exit, _, error) = await Task.Run(() => Cli.Run("connect", "127.0.0.1", $"{port}", "--timeout", "0.3"));

        Assert.Equal(1, exit);
        Assert.Equal($"no data from 127.0.0.1:{port} for 0.3 s\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void Port_outside_the_tcp_range_is_a_usage_error(string port)
    {
        Assert.Equal(64, Cli.Run("connect", "127.0.0.1", port).Exit);
    }
}
