using System;
using System.IO;
using System.Net;
using System.Net.Sockets;

namespace HvDsl.Cli.Tests.Gdb;

/// <summary><c>--gdb</c> and <c>--gdb-wait</c> on the command line: bad or conflicting values are one line and status 64.</summary>
public sealed class GdbOptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hvdsl-gdb-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Halt() => Run.GuestCode.Write(_folder, 16, a => a.hlt());

    [Fact]
    public void Gdb_port_that_is_not_a_number_is_refused_by_name()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", Halt(), "--mode", "real", "--gdb", "lots");
        Assert.Equal(64, exit);
        Assert.Contains("--gdb must be PORT or HOST:PORT with HOST an IP address and a port from 0 to 65535, not 'lots'", errors);
    }

    [Fact]
    public void Gdb_wait_without_a_port_is_refused()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", Halt(), "--mode", "real", "--gdb-wait");
        Assert.Equal(64, exit);
        Assert.Equal("hvdsl run: --gdb-wait goes with --gdb PORT", errors.Trim());
    }

    [Fact]
    public void Gdb_does_not_go_with_a_save_point()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", Halt(), "--mode", "real", "--gdb", "0", "--save-at", "5", "--snapshot", Path.Combine(_folder, "s.snap"));
        Assert.Equal(64, exit);
        Assert.Contains("--gdb hands the run to the debugger; it does not go with --save-at or --migrate-to", errors);
    }

    [Fact]
    public void Gdb_port_in_use_is_one_line_and_status_69()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (exit, _, errors) = Cli.Run("run", "--image", Halt(), "--mode", "real", "--gdb", $"127.0.0.1:{port}");
        Assert.Equal(69, exit);
        Assert.StartsWith($"hvdsl run: --gdb 127.0.0.1:{port}: cannot listen: ", errors);
        Assert.Single(errors.Trim().Split('\n'));
    }

    [Fact]
    public void Guest_without_gdb_attached_runs_to_its_end()
    {
        var (exit, _, errors) = Cli.Run("run", "--image", Halt(), "--mode", "real", "--gdb", "0");
        Assert.Equal(0, exit);
        Assert.Contains("gdb stub listening on 127.0.0.1:", errors);
    }

    [Fact]
    public void Resume_with_gdb_not_attached_runs_the_saved_guest_to_its_exit_status()
    {
        var image = Run.GuestCode.Write(_folder, 16, a =>
        {
            a.mov(Iced.Intel.AssemblerRegisters.al, 3);
            a.nop();
            a.nop();
            a.nop();
            a.@out(0xF4, Iced.Intel.AssemblerRegisters.al);
            a.hlt();
        });
        var saved = Path.Combine(_folder, "run.snap");
        Assert.Equal(0, Cli.Run("run", "--image", image, "--mode", "real", "--save-at", "2", "--snapshot", saved).Exit);
        var (exit, _, errors) = Cli.Run("resume", saved, "--gdb", "0");
        Assert.Equal((3 << 1) | 1, exit);
        Assert.Contains("hvdsl resume: gdb stub listening on 127.0.0.1:", errors);
    }
}
