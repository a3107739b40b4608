using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Tests.Services.TestServices;

namespace HvDsl.Runtime.Tests.Services;

// Alone, so its 200 clients do not starve the timing-sensitive tests of threads.
[CollectionDefinition(nameof(LoadTests), DisableParallelization = true)]
[Collection(nameof(LoadTests))]
public class LoadTests
{
    [Fact]
    public async Task Ten_thousand_connections_two_hundred_at_a_time_all_get_the_time()
    {
        const int Connections = 10_000;
        const int AtATime = 200;
        await using var host = LoopbackHost.Start(new TimeLineService());
        int correct = 0;

        async Task ClientAsync()
        {
            for (int i = 0; i < Connections / AtATime; i++)
            {
                if (TimeLineService.IsLineOfNow(Encoding.UTF8.GetString(await host.ReadAllAsync("TimeServer"))))
                {
                    Interlocked.Increment(ref correct);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, AtATime).Select(_ => Task.Run(ClientAsync))).WaitAsync(TimeSpan.FromSeconds(90));

        await host.Host.StopAsync();

        Assert.Equal(Connections, correct);
        Assert.Equal(Connections, host.Log.Count(l => l.EndsWith(" ok", StringComparison.Ordinal)));
    }
}
