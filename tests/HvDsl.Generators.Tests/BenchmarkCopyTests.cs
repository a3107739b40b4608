using System.IO;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Language;
using HvDsl.Language.Emitting;

namespace HvDsl.Generators.Tests;

/// <summary>The benchmark compiles a checked-in copy of the generated UART; it must match what the emitter produces now.</summary>
public sealed class BenchmarkCopyTests
{
    /// <summary>Where the copy lives, and the namespace it is generated into.</summary>
    public static readonly string CopyPath = Path.Combine(SpecLibrary.Root, "bench", "HvDsl.Benchmarks", "Devices", "Uart16550.Device.g.cs");

    public static string Expected()
    {
        var spec = Path.Combine(SpecLibrary.Root, "specs", "devices", "uart16550.hvspec");
        var result = SpecCompiler.Compile([("specs/devices/uart16550.hvspec", File.ReadAllText(spec).Replace("\r\n", "\n"))]);
        return SpecEmitter.EmitAll(result.Model, new EmitOptions("HvDsl.Benchmarks.Devices", SpecLibrary.Options.GeneratorVersion))[0].Text;
    }

    [Fact]
    public void Benchmark_copy_of_the_generated_uart_is_up_to_date()
    {
        // To refresh: set HVDSL_UPDATE_BENCH_COPY=1 and run this test once.
        if (System.Environment.GetEnvironmentVariable("HVDSL_UPDATE_BENCH_COPY") == "1") File.WriteAllText(CopyPath, Expected());
        Assert.True(File.Exists(CopyPath) && File.ReadAllText(CopyPath).Replace("\r\n", "\n") == Expected(),
            $"{CopyPath} is stale; run this test with HVDSL_UPDATE_BENCH_COPY=1 to refresh it.");
    }
}
