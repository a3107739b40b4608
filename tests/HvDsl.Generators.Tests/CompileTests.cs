using System.IO;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;

namespace HvDsl.Generators.Tests;

/// <summary>All code generated from specs/ compiles, with the partial methods a machine must write supplied by a test stand-in.</summary>
public sealed class CompileTests
{
    [Fact]
    public void Generated_code_of_all_specs_compiles_without_errors_or_warnings()
    {
        var partials = File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Partials", "Pc.Partials.cs"));
        var compilation = InMemoryCompiler.Compile(SpecLibrary.Generated().Select(s => s.Text).Append(partials));
        Assert.True(InMemoryCompiler.Problems(compilation).Length == 0, InMemoryCompiler.Problems(compilation));
    }
}
