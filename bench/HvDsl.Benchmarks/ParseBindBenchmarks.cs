using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HvDsl.Language;
using HvDsl.Language.Parsing;

namespace HvDsl.Benchmarks;

/// <summary>Parse, bind and parse+bind throughput on a generated spec of 10,000 registers; the Lines/s column is the figure to quote.</summary>
[Config(typeof(LinesPerSecondConfig))]
[MemoryDiagnoser]
public class ParseBindBenchmarks
{
    private string spec = "";
    private ParseResult[] parsed = [];

    /// <summary>Registers in the generated device.</summary>
    public const int Registers = 10_000;

    /// <summary>Generates the spec and checks it binds cleanly, so the benchmark measures the success path.</summary>
    [GlobalSetup]
    public void Setup()
    {
        spec = LargeSpec.Create(Registers);
        var result = SpecCompiler.Compile([("large.hvspec", spec)]);
        if (!result.Success) throw new InvalidOperationException("generated spec does not bind: " + result.Diagnostics[0]);
        parsed = [SpecCompiler.Parse("large.hvspec", spec)];
    }

    /// <summary>Parsing only.</summary>
    [Benchmark]
    public int Parse() => SpecCompiler.Parse("large.hvspec", spec).Syntax!.Declarations.Length;

    /// <summary>Binding alone, of the spec parsed once in setup.</summary>
    [Benchmark]
    public int Bind() => SpecCompiler.Bind(parsed).Model.Devices[0].Registers.Count;

    /// <summary>Parsing and binding.</summary>
    [Benchmark(Baseline = true)]
    public int ParseAndBind() => SpecCompiler.Compile([("large.hvspec", spec)]).Model.Devices[0].Registers.Count;

    private sealed class LinesPerSecondConfig : ManualConfig
    {
        public LinesPerSecondConfig() => AddColumn(new LinesPerSecondColumn(LargeSpec.Create(Registers).Count(c => c == '\n')));
    }
}
