using System.Collections.Generic;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Language;
using HvDsl.Language.Emitting;
using Microsoft.CodeAnalysis;

namespace HvDsl.Generators.Tests.Pipeline;

/// <summary>What the generator adds to a compilation: the emitter's files, in the namespace the project asks for.</summary>
public sealed class OutputTests
{
    private static readonly AdditionalText Device = new SpecText("d.hvspec", "device D {\n    size 1;\n    register R @0 : u8 rw;\n}\n");

    private static string Namespace(IReadOnlyDictionary<string, string> properties) =>
        GeneratorRun.Driver([Device], properties).RunGenerators(GeneratorRun.Compilation()).GetRunResult()
            .GeneratedTrees.Single().GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax>().Single().Name.ToString();

    [Fact]
    public void HvDslNamespace_property_names_the_namespace()
    {
        Assert.Equal("My.Devices", Namespace(new Dictionary<string, string> { ["HvDslNamespace"] = "My.Devices", ["RootNamespace"] = "My.App" }));
    }

    [Fact]
    public void RootNamespace_is_the_fallback()
    {
        Assert.Equal("My.App", Namespace(new Dictionary<string, string> { ["RootNamespace"] = "My.App" }));
    }

    [Fact]
    public void Without_either_property_the_default_namespace_is_used()
    {
        Assert.Equal(EmitDefaults.Namespace, Namespace(new Dictionary<string, string>()));
    }

    [Fact]
    public void Generator_adds_exactly_what_the_emitter_produces_for_the_spec_library()
    {
        var files = SpecLibrary.Files();
        var properties = new Dictionary<string, string> { ["HvDslNamespace"] = "HvDsl.Machines.Pc" };
        var expected = SpecEmitter.EmitAll(SpecCompiler.Compile(files).Model, EmitDefaults.Options("HvDsl.Machines.Pc"));

        var result = GeneratorRun.Driver(files.Select(f => (AdditionalText)new SpecText(f.Path, f.Text)), properties)
            .RunGenerators(GeneratorRun.Compilation()).GetRunResult().Results.Single();

        Assert.Empty(result.Diagnostics);
        Assert.Equal(
            expected.Select(s => (s.HintName, s.Text)).OrderBy(s => s.HintName),
            result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).OrderBy(s => s.HintName));
    }

    [Fact]
    public void Machine_places_a_device_declared_in_another_file()
    {
        var result = GeneratorRun.Once(
            Device,
            new SpecText("m.hvspec", "machine M {\n    memory 1 MiB;\n    device D d at io 0x80;\n}\n"));

        Assert.Empty(result.Diagnostics);
        Assert.Equal(2, result.GeneratedSources.Length);
    }
}
