using System;
using System.IO;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>Runs every vector file of a suite directory, one processor per worker thread.</summary>
internal static class SuiteRunner
{
    public static SuiteResult Run(string suiteDirectory, Func<IConformanceCpu> newCpu)
    {
        var runner = new VectorRunner(
            SuiteMetadata.Load(Path.Combine(suiteDirectory, "metadata.json")),
            RevocationList.Load(Path.Combine(suiteDirectory, "revocation_list.txt")));
        string[] files = VectorFile.In(suiteDirectory);
        var results = new OpcodeResult[files.Length];
        // Files are independent; a processor is reused by the worker that created it, never shared.
        Parallel.For(0, files.Length, newCpu, (i, _, cpu) =>
        {
            var result = new OpcodeResult(VectorFile.OpcodeOf(files[i]));
            foreach (ConformanceVector vector in VectorFile.Load(files[i]))
                result.Add(vector, runner.Run(vector, cpu));
            results[i] = result;
            return cpu;
        }, cpu => cpu.Dispose());
        return new SuiteResult(new DirectoryInfo(suiteDirectory).Name, results);
    }
}
