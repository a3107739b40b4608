using System;
using System.IO;
using System.Threading.Tasks;
using HvDsl.Cli.Tests.Serve;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>hvdsl run --com2 tcp:HOST:PORT</c> and <c>resume --com2</c>: COM2 connects to a host TCP service while the guest holds DTR.</summary>
public sealed class Com2OptionTests : IDisposable
{
    private const ushort Com2 = 0x2F8;
    private const byte DtrAndOut2 = 0x09;

    /// <summary>The time the frozen TimeServer tells, and the line it sends for it (<c>ddd MMM d HH:mm:ss yyyy</c>, CRLF).</summary>
    private static readonly DateTimeOffset Frozen = new(2026, 12, 1, 16, 52, 53, TimeSpan.Zero);
    private const string FrozenLine = "Tue Dec 1 16:52:53 2026\r\n";

    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-com2-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task A_guest_raising_dtr_on_com2_prints_the_line_the_host_time_server_sends()
    {
        await using var host = Loopback.Host(new FrozenClock(Frozen), SpecLibraryServices.Generated("TimeServer"));
        var image = GuestCode.WriteBytes(scratch, SerialEchoGuest.ByInterrupt(Com2, irq: 3, DtrAndOut2));

        var (exit, output, errors) = await Task.Run(() => Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SerialEchoGuest.SleeperEntry}",
            "--com2", $"tcp:127.0.0.1:{host.GetEndPoint("TimeServer").Port}", "--max-instructions", "100000000"));

        Assert.True(exit == 0, errors);
        Assert.Equal(FrozenLine, output);
    }

    [Fact]
    public async Task A_guest_holding_dtr_when_saved_gets_a_fresh_connection_when_resumed_with_com2()
    {
        await using var host = Loopback.Host(new FrozenClock(Frozen), SpecLibraryServices.Generated("TimeServer"));
        var image = GuestCode.WriteBytes(scratch, SerialEchoGuest.ByInterrupt(Com2, irq: 3, DtrAndOut2));
        var snapshot = Path.Combine(scratch, "dtr.snap");
        // Saved while nothing listens: DTR is up, the connection refused, and the COM2 poll keeps the halted guest's clock going.
        var (saved, _, saveErrors) = Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SerialEchoGuest.SleeperEntry}",
            "--com2", $"tcp:127.0.0.1:{Loopback.ClosedPort()}", "--save-at", "1000000", "--snapshot", snapshot);
        Assert.True(saved == 0, saveErrors);

        var (exit, output, errors) = await Task.Run(() => Cli.Run("resume", snapshot, "--com2", $"tcp:127.0.0.1:{host.GetEndPoint("TimeServer").Port}", "--max-instructions", "100000000"));

        Assert.True(exit == 0, errors);
        Assert.Equal(FrozenLine, output);
    }

    [Fact]
    public void A_refused_com2_connection_leaves_the_guest_waiting_without_carrier_until_its_budget()
    {
        var image = GuestCode.WriteBytes(scratch, SerialEchoGuest.ByInterrupt(Com2, irq: 3, DtrAndOut2));

        var (exit, output, errors) = Cli.Run("run", "--image", image, "--mode", "real", "--entry", $"{SerialEchoGuest.SleeperEntry}",
            "--com2", $"tcp:127.0.0.1:{Loopback.ClosedPort()}", "--max-instructions", "1000000");

        Assert.True(exit == 4, errors);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("127.0.0.1:5555")]
    [InlineData("udp:127.0.0.1:5555")]
    [InlineData("tcp:127.0.0.1")]
    [InlineData("tcp:127.0.0.1:0")]
    [InlineData("tcp::5555")]
    public void A_com2_target_that_is_not_tcp_host_port_exits_64_naming_the_option(string target)
    {
        var (exit, _, errors) = Cli.Run("run", "--demo", "hello", "--com2", target);

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl run: --com2 must be tcp:HOST:PORT with a port from 1 to 65535, not '{target}'", errors.TrimEnd());
    }
}
