using System.IO;
using System.Net;
using System.Net.Sockets;

namespace HvDsl.Cli.Tests.Serve;

public class ServeCommandTests
{
    [Fact]
    public void Taken_port_fails_with_one_line()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen(1);
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (exit, _, error) = Cli.Run("serve", Cli.SpecsFolder(), "--service", "TimeServer", "--port", $"{port}");

        Assert.Equal(1, exit);
        Assert.Equal($"hvdsl: cannot listen on 127.0.0.1:{port}: address already in use\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Invalid_spec_is_reported_at_its_location_and_nothing_is_served()
    {
        var spec = Path.Combine(Path.GetTempPath(), $"hvdsl-serve-{System.Guid.NewGuid():N}.hvspec");
        File.WriteAllText(spec, "service Broken {\n    listen tcp 70000;\n}\n");
        try
        {
            var (exit, output, _) = Cli.Run("serve", spec);

            Assert.Equal(1, exit);
            Assert.Contains($"{spec}(2,", output);
            Assert.Contains("error HV0019", output);
        }
        finally
        {
            File.Delete(spec);
        }
    }

    [Fact]
    public void Unknown_service_names_the_declared_ones()
    {
        var (exit, _, error) = Cli.Run("serve", Cli.SpecsFolder(), "--service", "Chargen");

        Assert.Equal(1, exit);
        Assert.Equal("hvdsl: no service named Chargen; the specs declare Daytime, Echo, TimeServer, Time\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void One_port_for_several_services_is_a_usage_error()
    {
        var (exit, _, error) = Cli.Run("serve", Cli.SpecsFolder(), "--port", "12345");

        Assert.Equal(64, exit);
        Assert.StartsWith("hvdsl: --port 12345 can serve one service", error);
    }

    [Fact]
    public void Bind_address_must_be_an_ip_address()
    {
        Assert.Equal(64, Cli.Run("serve", Cli.SpecsFolder(), "--bind", "localhost.invalid").Exit);
    }
}
