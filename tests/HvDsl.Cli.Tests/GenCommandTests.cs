using System;
using System.IO;
using System.Linq;
using HvDsl.Language;
using HvDsl.Language.Emitting;

namespace HvDsl.Cli.Tests;

/// <summary><c>hvdsl gen</c>: the emitter's files on disk, with the same error conventions as <c>check</c>.</summary>
public sealed class GenCommandTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-gen-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Gen_writes_exactly_what_the_emitter_produces_in_the_given_namespace()
    {
        var specs = Cli.SpecsFolder();
        var files = Directory.GetFiles(specs, "*.hvspec", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal);
        var expected = SpecEmitter.EmitAll(SpecCompiler.Compile(files.Select(f => (f, File.ReadAllText(f)))).Model, EmitDefaults.Options("My.Machine"));

        var (exit, stdout, errors) = Cli.Run("gen", specs, "--out", scratch, "--namespace", "My.Machine");

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        Assert.Equal($"wrote {expected.Count} files to {scratch}", stdout.TrimEnd());
        Assert.All(expected, source => Assert.Equal(source.Text, File.ReadAllText(Path.Combine(scratch, source.HintName))));
    }

    [Fact]
    public void Without_namespace_the_generators_default_namespace_is_used()
    {
        var (exit, _, _) = Cli.Run("gen", Path.Combine(Cli.SpecsFolder(), "devices", "debug-exit.hvspec"), "--out", scratch);

        Assert.Equal(0, exit);
        Assert.Contains($"namespace {EmitDefaults.Namespace}", File.ReadAllText(Assert.Single(Directory.GetFiles(scratch))));
    }

    [Fact]
    public void Broken_spec_exits_1_with_a_located_error_and_writes_nothing()
    {
        var spec = Path.Combine(scratch, "broken.hvspec");
        File.WriteAllText(spec, "machine M {\n    memory 64 MiB\n}\n");
        var output = Path.Combine(scratch, "out");

        var (exit, stdout, errors) = Cli.Run("gen", spec, "--out", output);

        Assert.Equal(1, exit);
        Assert.StartsWith($"{spec}(3,1): error HV0001:", stdout);
        Assert.Empty(errors);
        Assert.False(Directory.Exists(output));
    }
}
