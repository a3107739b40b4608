using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Serve;

[Collection(nameof(CliProcess))]
public class ServeConnectionLimitTests
{
    [Fact]
    public async Task Client_beyond_the_specs_connection_limit_is_refused_in_one_line_and_logged()
    {
        var spec = Path.Combine(Path.GetTempPath(), $"hvdsl-limit-{Guid.NewGuid():N}.hvspec");
        File.WriteAllText(spec, "service Held {\n    listen tcp 7;\n    limit connections 1;\n    on line => reply line;\n}\n");
        try
        {
            using var serve = new CliProcess("serve", spec, "--port", "0");
            var port = int.Parse(serve.WaitForLine("listening Held on tcp ").Split(':')[^1], CultureInfo.InvariantCulture);
            using var timeout = new CancellationTokenSource(Loopback.Patience);
            using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await holder.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            Assert.Equal("held\n", await Loopback.EchoAsync(holder, "held\n", timeout.Token));

            var (exit, _, error) = await Task.Run(() => Cli.Run("connect", "127.0.0.1", $"{port}", "--timeout", "5"));

            Assert.Equal(1, exit);
            Assert.Matches($@"^(cannot connect to 127\.0\.0\.1:{port}|connection to 127\.0\.0\.1:{port} failed): reset\n$", error.ReplaceLineEndings("\n"));
            Assert.EndsWith(" Held in=0 out=0 0.0ms refused-at-limit", serve.WaitForLine("refused-at-limit"));
            Assert.Equal("still\n", await Loopback.EchoAsync(holder, "still\n", timeout.Token));
        }
        finally
        {
            File.Delete(spec);
        }
    }
}
