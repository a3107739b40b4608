using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using HvDsl.Benchmarks.Services;

namespace HvDsl.Benchmarks;

/// <summary>Runs the suites the command line selects (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    /// <summary>Entry point; <c>--load-client</c> and <c>--time-server</c> are the two ends of bench/scripts/timeserver-vs-xinetd.sh.</summary>
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["--load-client", .. var rest]:
                return await LoadClient.RunAsync(rest);
            case ["--time-server", .. var rest]:
                return await TimeServerProcess.RunAsync(rest);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
