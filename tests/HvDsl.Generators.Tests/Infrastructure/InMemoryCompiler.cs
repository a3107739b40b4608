using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using HvDsl.Language;
using HvDsl.Language.Emitting;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HvDsl.Generators.Tests.Infrastructure;

/// <summary>Compiles generated C# with Roslyn against the runtime and Iced, and loads it, so tests can run generated code.</summary>
internal static class InMemoryCompiler
{
    private static readonly MetadataReference[] References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Append(typeof(HvDsl.Runtime.Vm).Assembly.Location)
        .Append(typeof(Iced.Intel.Instruction).Assembly.Location)
        .Distinct()
        .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
        .ToArray();

    /// <summary>Compiles <paramref name="sources"/>; the result's diagnostics include warnings.</summary>
    public static CSharpCompilation Compile(IEnumerable<string> sources) =>
        CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Errors and warnings, one per line, for assertion messages.</summary>
    public static string Problems(Compilation compilation) =>
        string.Join("\n", compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

    /// <summary>Compiles one spec plus hand-written partials and loads the assembly; fails the test on any spec or C# problem.</summary>
    public static Assembly Load(string spec, params string[] partials)
    {
        var result = SpecCompiler.Compile([("test.hvspec", spec)]);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var sources = SpecEmitter.EmitAll(result.Model, new EmitOptions("Test", "0.0.0")).Select(s => s.Text).Concat(partials);
        var compilation = Compile(sources);
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, Problems(compilation));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>Creates an instance of <c>Test.{name}</c> from <paramref name="assembly"/>.</summary>
    public static T Create<T>(Assembly assembly, string name, params object[] arguments) =>
        (T)Activator.CreateInstance(assembly.GetType("Test." + name, throwOnError: true)!, arguments)!;
}
