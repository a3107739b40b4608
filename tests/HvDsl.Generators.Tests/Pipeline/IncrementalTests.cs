using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HvDsl.Generators.Tests.Pipeline;

/// <summary>Step tracking shows the pipeline caches: only what an edit touches is parsed and emitted again.</summary>
public sealed class IncrementalTests
{
    private static readonly AdditionalText Uart = Spec("uart.hvspec", "Uart", "0x00");
    private static readonly AdditionalText Timer = Spec("timer.hvspec", "Timer", "0x00");
    private static readonly AdditionalText Rtc = Spec("rtc.hvspec", "Rtc", "0x00");

    private static AdditionalText Spec(string path, string device, string reset) =>
        new SpecText(path, $"device {device} {{\n    size 1;\n    register R @0 : u8 rw reset {reset};\n}}\n");

    private static GeneratorDriver FirstRun(out CSharpCompilation compilation)
    {
        compilation = GeneratorRun.Compilation();
        return GeneratorRun.Driver([Uart, Timer, Rtc]).RunGenerators(compilation);
    }

    private static bool Reused(IncrementalStepRunReason reason) => reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged;

    [Fact]
    public void Editing_one_spec_parses_only_that_file_again()
    {
        var driver = FirstRun(out var compilation)
            .ReplaceAdditionalText(Timer, Spec("timer.hvspec", "Timer", "0x7F"))
            .RunGenerators(compilation);

        var reasons = GeneratorRun.Reasons(driver, TrackingNames.Parse);
        Assert.Single(reasons, IncrementalStepRunReason.Modified);
        Assert.Equal(2, reasons.Count(Reused));
    }

    [Fact]
    public void Editing_one_spec_regenerates_only_that_specs_output()
    {
        var driver = FirstRun(out var compilation)
            .ReplaceAdditionalText(Timer, Spec("timer.hvspec", "Timer", "0x7F"))
            .RunGenerators(compilation);

        var units = GeneratorRun.Reasons(driver, TrackingNames.Units);
        Assert.Single(units, IncrementalStepRunReason.Modified);
        Assert.Equal(2, units.Count(Reused));
        var sources = GeneratorRun.SourceReasons(driver);
        Assert.Single(sources, IncrementalStepRunReason.Modified);
        Assert.All(sources.Where(r => r != IncrementalStepRunReason.Modified), r => Assert.True(Reused(r), r.ToString()));
        Assert.Contains("0x7F", driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName.StartsWith("Timer")).SourceText.ToString());
    }

    [Fact]
    public void Unrelated_csharp_edit_regenerates_nothing()
    {
        var driver = FirstRun(out var compilation);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class Unrelated { int x = 1; }"));

        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps.Values.SelectMany(s => s).SelectMany(s => s.Outputs), o => Assert.True(Reused(o.Reason), o.Reason.ToString()));
        Assert.All(GeneratorRun.SourceReasons(driver), r => Assert.True(Reused(r), r.ToString()));
        Assert.Equal(3, result.GeneratedSources.Length);
    }
}
