using System.Collections.Generic;
using System.IO;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace HvDsl.Generators.Tests.Pipeline;

/// <summary>A build of specs with independent mistakes reports each once, and hand-written partials of the broken declarations still compile.</summary>
public sealed class RecoveryTests
{
    private static readonly string Corpus = Path.Combine(SpecLibrary.Root, "tests", "specs", "five-mistakes");

    // Partials of the three broken declarations, as a machine project would hold them.
    private const string Partials = """
        namespace Test
        {
            public sealed partial class Uart
            {
                partial void OnRbr(ref byte value) => value = 0x41;
            }

            public sealed partial class TTrapHandler
            {
                private partial global::HvDsl.Runtime.Exits.ExitAction OnHalt(global::HvDsl.Runtime.Cpu.IGuestCpu cpu, in global::HvDsl.Runtime.Exits.VmExit exit) =>
                    global::HvDsl.Runtime.Exits.ExitAction.Resume;
            }

            public sealed partial class MMachine
            {
                partial void OnCreated() { }
            }
        }
        """;

    private static string Located(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {d.Id}";
    }

    [Fact]
    public void Five_independent_mistakes_are_five_build_errors_with_no_follow_on_hv_or_csharp_error()
    {
        var files = Directory.GetFiles(Corpus, "*.hvspec").Order()
            .Select(p => (AdditionalText)new SpecText(Path.GetFileName(p), File.ReadAllText(p))).ToList();
        var driver = GeneratorRun.Driver(files, new Dictionary<string, string> { ["HvDslNamespace"] = "Test" });

        driver.RunGeneratorsAndUpdateCompilation(InMemoryCompiler.Compile([Partials]), out var output, out var generated);

        var all = generated.Concat(output.GetDiagnostics()).Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .OrderBy(d => d.Location.GetLineSpan().Path, System.StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).Select(Located);
        Assert.Equal(File.ReadAllLines(Path.Combine(Corpus, "expected.txt")), all);
    }
}
