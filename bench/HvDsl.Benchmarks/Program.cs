using BenchmarkDotNet.Running;

namespace HvDsl.Benchmarks;

/// <summary>Runs the suites the command line selects (BenchmarkDotNet's switcher).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
