using System;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Tests.Serve;

public class GeneratedAndServedAgreeTests
{
    private static readonly FrozenClock Clock = new(new DateTimeOffset(2025, 11, 25, 13, 21, 7, TimeSpan.Zero));

    [Theory]
    [InlineData("TimeServer", "")]
    [InlineData("Daytime", "ignored input\n")]
    [InlineData("Time", "")]
    [InlineData("Echo", "one\r\ntwo\nlast without end")]
    public async Task Spec_served_service_answers_byte_for_byte_as_the_generated_class(string name, string input)
    {
        var generated = SpecLibraryServices.Generated(name);
        var served = SpecLibraryServices.Served(name);
        await using var generatedHost = Loopback.Host(Clock, generated);
        await using var servedHost = Loopback.Host(Clock, served);

        var fromGenerated = await Loopback.ExchangeAsync(generatedHost.GetEndPoint(name).Port, Encoding.UTF8.GetBytes(input));
        var fromServed = await Loopback.ExchangeAsync(servedHost.GetEndPoint(name).Port, Encoding.UTF8.GetBytes(input));

        Assert.NotEmpty(fromGenerated);
        Assert.Equal(fromGenerated, fromServed);
    }

    [Theory]
    [InlineData("TimeServer")]
    [InlineData("Daytime")]
    [InlineData("Time")]
    [InlineData("Echo")]
    public void Spec_served_service_declares_the_generated_endpoint_and_limits(string name)
    {
        var generated = SpecLibraryServices.Generated(name);
        var served = SpecLibraryServices.Served(name);

        Assert.Equal(generated.DefaultEndpoint, served.DefaultEndpoint);
        Assert.Equal(generated.Limits, served.Limits);
    }
}
