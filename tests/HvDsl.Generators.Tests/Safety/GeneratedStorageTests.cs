using System.Collections.Generic;
using System.IO;
using System.Linq;
using HvDsl.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HvDsl.Generators.Tests.Safety;

/// <summary>Generated storage stays private to the generated part: hand-written PC code goes through accessors, enums and constants.</summary>
public sealed class GeneratedStorageTests
{
    // Every private field the specs generate, by the class that holds it, read from the emitted code itself.
    private static Dictionary<string, HashSet<string>> GeneratedPrivateFields() =>
        SpecLibrary.Generated()
            .SelectMany(s => CSharpSyntaxTree.ParseText(s.Text).GetCompilationUnitRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            .GroupBy(c => c.Identifier.Text)
            .ToDictionary(
                g => g.Key,
                g => g.SelectMany(c => c.Members.OfType<FieldDeclarationSyntax>())
                    .Where(f => !f.Modifiers.Any(m => m.IsKind(SyntaxKind.PublicKeyword) || m.IsKind(SyntaxKind.InternalKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword)))
                    .SelectMany(f => f.Declaration.Variables.Select(v => v.Identifier.Text))
                    .ToHashSet());

    [Fact]
    public void The_generated_devices_hold_private_storage_for_the_check_to_find()
    {
        var fields = GeneratedPrivateFields();
        Assert.Contains("_lcr", fields["Uart16550"]);
        Assert.Contains("_sequence", fields["I8259Pic"]);
    }

    [Fact]
    public void No_hand_written_PC_file_names_a_generated_private_field()
    {
        var fields = GeneratedPrivateFields();
        var folder = Path.Combine(SpecLibrary.Root, "src", "HvDsl.Machines.Pc");
        var uses = new List<string>();
        foreach (var path in Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Where(IsHandWritten).Order())
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path).GetCompilationUnitRoot();
            foreach (var type in root.DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                if (!fields.TryGetValue(type.Identifier.Text, out var generated)) continue;
                uses.AddRange(type.DescendantTokens()
                    .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && generated.Contains(t.Text))
                    .Select(t => $"{Path.GetRelativePath(SpecLibrary.Root, path)}({t.GetLocation().GetLineSpan().StartLinePosition.Line + 1}): {type.Identifier.Text}.{t.Text}"));
            }
        }
        Assert.True(uses.Count == 0, "hand-written code names generated storage:\n" + string.Join("\n", uses));
    }

    // Build output (obj/, bin/) may hold the generator's own files when a build emits them.
    private static bool IsHandWritten(string path) =>
        !path.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin");
}
