using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Tests.Serve;

/// <summary>The PC machine's generated services on real loopback sockets, read by <c>hvdsl connect</c>, <c>nc</c> and a plain socket.</summary>
public class MachineServicesTests
{
    [Fact]
    public async Task Time_server_line_read_by_hvdsl_connect_is_now()
    {
        await using var host = Loopback.Host(TimeProvider.System, SpecLibraryServices.Generated("TimeServer"));

        var (exit, output, error) = await Task.Run(() => Cli.Run("connect", "127.0.0.1", $"{Port(host, "TimeServer")}"));

        Assert.Equal((0, ""), (exit, error));
        AssertNow(output, "ddd MMM d HH:mm:ss yyyy");
    }

    [NetcatFact]
    public async Task Time_server_line_read_by_nc_is_now()
    {
        await using var host = Loopback.Host(TimeProvider.System, SpecLibraryServices.Generated("TimeServer"));

        AssertNow(await Netcat.ExchangeAsync(Port(host, "TimeServer"), ""), "ddd MMM d HH:mm:ss yyyy");
    }

    [Fact]
    public async Task Daytime_line_read_by_hvdsl_connect_is_now()
    {
        await using var host = Loopback.Host(TimeProvider.System, SpecLibraryServices.Generated("Daytime"));

        var (exit, output, _) = await Task.Run(() => Cli.Run("connect", "127.0.0.1", $"{Port(host, "Daytime")}"));

        Assert.Equal(0, exit);
        AssertNow(output, "dddd, MMMM d, yyyy HH:mm:ss-'UTC'");
    }

    [Fact]
    public async Task Time_sends_four_bytes_that_decode_to_now()
    {
        await using var host = Loopback.Host(TimeProvider.System, SpecLibraryServices.Generated("Time"));

        var reply = await Loopback.ExchangeAsync(Port(host, "Time"), []);

        Assert.Equal(4, reply.Length);
        var sent = NetworkTime.Epoch.AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(reply));
        Assert.InRange(sent, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Echo_returns_lines_unchanged()
    {
        await using var host = Loopback.Host(TimeProvider.System, SpecLibraryServices.Generated("Echo"));
        const string lines = "hello\r\n  spaced  \n\r\nünïcödé\n";

        var reply = await Loopback.ExchangeAsync(Port(host, "Echo"), Encoding.UTF8.GetBytes(lines));

        Assert.Equal(lines, Encoding.UTF8.GetString(reply));
    }

    [NetcatFact]
    public async Task Echo_returns_lines_sent_by_nc_unchanged()
    {
        await using var host = Loopback.Host(TimeProvider.System, SpecLibraryServices.Generated("Echo"));

        Assert.Equal("one\ntwo\n", await Netcat.ExchangeAsync(Port(host, "Echo"), "one\ntwo\n"));
    }

    private static int Port(ServiceHost host, string name) => host.GetEndPoint(name).Port;

    private static void AssertNow(string output, string format)
    {
        Assert.EndsWith("\r\n", output);
        var time = DateTimeOffset.ParseExact(output.TrimEnd(), format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(time, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
    }
}
