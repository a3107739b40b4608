using System.Threading.Tasks;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

public class NetcatTests
{
    [NetcatFact]
    public async Task Nc_reads_a_time_line_that_parses_as_now()
    {
        await using var host = LoopbackHost.Start(new TimeLineService());

        (int exit, string output) = await Netcat.RunAsync($"-d 127.0.0.1 {host.Port("TimeServer")}", "");

        Assert.Equal(0, exit);
        Assert.True(TimeLineService.IsLineOfNow(output), output);
    }

    [NetcatFact]
    public async Task Nc_gets_its_lines_echoed_unchanged()
    {
        await using var host = LoopbackHost.Start(new EchoService());

        (int exit, string output) = await Netcat.RunAsync($"-N 127.0.0.1 {host.Port("Echo")}", "first\nsecond\n");

        Assert.Equal(0, exit);
        Assert.Equal("first\nsecond\n", output);
    }
}
