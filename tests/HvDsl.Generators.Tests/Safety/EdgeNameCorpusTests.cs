using System.Collections.Generic;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using HvDsl.Language;
using HvDsl.Language.Emitting;


namespace HvDsl.Generators.Tests.Safety;

/// <summary>
/// Specs whose names meet the generated code's own (members every device has, keywords, the device's type name, one
/// another's derived names): each is refused with located errors or generates C# that compiles, never both passes and fails.
/// </summary>
public sealed class EdgeNameCorpusTests
{
    public static IEnumerable<object[]> Corpus() =>
    [
        ["register Size", "register Size @0 : u8 rw;"],
        ["register Reset", "register Reset @0 : u8 rw;"],
        ["register Read", "register Read @0 : u8 rw;"],
        ["register Write", "register Write @0 : u8 rw;"],
        ["register Save", "register Save @0 : u8 rw;"],
        ["register Restore", "register Restore @0 : u8 rw;"],
        ["register RegisterMap", "register RegisterMap @0 : u8 rw;"],
        ["register AllOnes", "register AllOnes @0 : u8 rw;"],
        ["register OnReset", "register OnReset @0 : u8 rw;"],
        ["register named as its device", "register D @0 : u8 rw;"],
        ["register keywords", "register event @0 : u8 rw; register class @1 : u8 rw { int @0; value @1 { @base = 0, this = 1 } }"],
        ["register named like a field accessor", "register A @0 : u8 rw { B @0; } register A_B @1 : u8 rw;"],
        ["field named as its device", "register R @0 : u8 rw { D @0..1 { X = 0, Y = 1 } }"],
        ["field enum named as a register", "register R @0 : u8 rw { Q @0..1 { X = 0, Y = 1 } } register Q @1 : u8 rw;"],
        ["hook named as a register", "register R @0 : u8 rw on write -> Q; register Q @1 : u8 rw;"],
        ["hook named Size", "register R @0 : u8 rw on write -> Size;"],
        ["irq named Size", "irq Size; register R @0 : u8 rw;"],
        ["irq named as a register", "irq R; register R @0 : u8 rw;"],
        ["locals of Read and Write", "register offset @0 : u8 rw; register width @1 : u8 rw; register value @2 : u8 rw; register lane @3 : u8 rw;"],
        ["group register named as a member", "group Re[2] @0 stride 1 { register set @0 : u8 rw; }"],
        ["register named as a split part method", "access 1, 2 split; register ReadPart @0 : u8 rw; register WriteHalves @1 : u8 rw;"],
        ["read-only array beside a register named as its element setter", "register T[2] @0 : u8 ro; register SetT @2 : u8 rw;"],
        ["state register named as a member", "state Size : u8; register R @0 : u8 rw;"],
        ["state register and fields named as keywords", "state event : u8 { int @0; } register R @0 : u8 rw when event.int == 1;"],
        ["command word named as a keyword, chosen by a keyword field", "register class @0 : u8 wo when written.int == 1 { int @0; } register R @0 : u8 wo when written.int == 0 { int @0; }"],
        ["command word and the plain register beside it, both with hooks", "register A @0 : u8 wo when written.F == 1 on write -> OnA { F @0; } register B @0 : u8 wo on write -> OnB;"],
        ["shared enum named as its device", "enum D { A = 0, B = 1 } register R @0 : u8 rw { F @0 as D; }"],
        ["shared enum named as a register", "enum R { A = 0, B = 1 } register R @0 : u8 rw { F @0 as R; }"],
        ["shared enum named RegisterMap", "enum RegisterMap { A = 0, B = 1 } register R @0 : u8 rw { F @0 as RegisterMap; }"],
        ["shared enum and its values named as keywords", "enum event { int = 0, class = 1 } register R @0 : u8 rw { F @0 as event; }"],
        ["shared enum value named as its enum", "enum E { E = 0, F = 1 } register R @0 : u8 rw { G @0 as E; }"],
        ["field value named as the field's enum", "register R @0 : u8 rw { F @0..1 { F = 0, G = 1 } }"],
        ["field enum named as a shared enum", "enum F { A = 0, B = 1 } register R @0 : u8 rw { F @0..1 { X = 0, Y = 1 } G @2 as F; }"],
        ["register named as a computed register's Compute method", "register R @0 : u8 ro computed; register ComputeR @1 : u8 rw;"],
        ["register named as a computed register's Apply method", "register R @0 : u8 rw computed; register ApplyR @1 : u8 rw;"],
        ["hook named as a computed register's Compute method", "register R @0 : u8 ro computed; register Q @1 : u8 rw on write -> ComputeR;"],
        ["before-read hook named as a member", "register R @0 : u8 ro before read -> Reset;"],
        ["group arrays meeting a register's name", "group A[2] @0 stride 1 { register B @0 : u8 rw; } register AB @2 : u8 rw;"],
        ["register named as a group array's field getter", "group T[2] @0 stride 1 { register C @0 : u8 rw { F @0; } } register GetTC_F @2 : u8 rw;"],
        ["array field named as a keyword", "register A[2] @0 stride 1 : u8 rw { int @0; }"],
        ["irq named as a keyword", "irq event; register R @0 : u8 rw;"],
        ["irq named as a hook", "irq OnData; register R @0 : u8 rw on write -> OnData;"],
        ["state register named as a computed register's Compute method", "state ComputeR : u8; register R @0 : u8 ro computed;"],
        ["fields of two registers whose accessors meet", "register A @0 : u8 rw { B_C @0; } register A_B @1 : u8 rw { C @0; }"],
        ["field named as a register's offset constant", "register A @0 : u8 rw; register B @1 : u8 rw { Offset @0; } register B_ @2 : u8 rw;"],
    ];

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Spec_is_refused_with_located_errors_or_its_code_compiles(string name, string members)
    {
        var spec = $"device D {{\n    size 4;\n    {members}\n}}\n";
        var result = SpecCompiler.Compile([("edge.hvspec", spec)]);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == HvDsl.Language.Diagnostics.DiagnosticSeverity.Error).ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, d => Assert.True(d.Span.StartLine > 0 && d.Span.StartColumn > 0, $"{name}: unlocated {d}"));
            return;
        }
        var compilation = InMemoryCompiler.Compile(SpecEmitter.EmitAll(result.Model, new EmitOptions("Test", "0.0.0")).Select(s => s.Text));
        // CS8795: a computed register's Compute/Apply partials are the machine's hand-written half, which the corpus leaves out.
        var errorsInCSharp = compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error && d.Id != "CS8795").ToList();
        Assert.True(errorsInCSharp.Count == 0, $"{name}: check passes but C# fails:\n{string.Join("\n", errorsInCSharp)}");
    }
}
