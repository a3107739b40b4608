using System;
using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>The runtime against instruction vectors captured from real hardware (Conformance/Vectors/, or HVDSL_CONFORMANCE_DIR).</summary>
public class ConformanceTests(ITestOutputHelper output)
{
    [Fact]
    public void Conformance_80286_real_mode_vectors_pass()
    {
        string? root = ConformanceDirectory.Locate();
        Assert.True(root != null, $"No conformance vectors: neither {ConformanceDirectory.Variable} nor {ConformanceDirectory.Carried} under the folder holding HvDsl.sln.");
        string[] suites = ConformanceDirectory.Suites(root);
        Assert.NotEmpty(suites);
        var failures = new StringBuilder();
        foreach (string suite in suites)
        {
            var clock = Stopwatch.StartNew();
            SuiteResult result = SuiteRunner.Run(suite, () => new VCpuConformanceCpu());
            string summary = result.Summary;
            output.WriteLine($"{summary} ({clock.Elapsed.TotalSeconds:F1} s)");
            output.WriteLine(result.SkipReport());
            Console.Out.WriteLine(summary);
            if (result.Failed > 0)
                failures.AppendLine(summary).Append(result.FailureReport());
        }
        Assert.True(failures.Length == 0, failures.ToString());
    }
}
