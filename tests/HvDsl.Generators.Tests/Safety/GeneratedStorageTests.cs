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
        var uses = new List<string>();
        foreach (var type in HandWrittenPcClasses())
        {
            if (!fields.TryGetValue(type.Identifier.Text, out var generated)) continue;
            uses.AddRange(type.DescendantTokens()
                .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && generated.Contains(t.Text))
                .Select(t => $"{Located(t)}: {type.Identifier.Text}.{t.Text}"));
        }
        Assert.True(uses.Count == 0, "hand-written code names generated storage:\n" + string.Join("\n", uses));
    }

    // Each device's RegisterMap numbers (offsets, strides, field masks) and named values, by device class, read from the emitted code.
    private static Dictionary<string, Dictionary<ulong, string>> SpecNumbers()
    {
        var numbers = new Dictionary<string, Dictionary<ulong, string>>();
        foreach (var device in SpecLibrary.Generated()
            .SelectMany(s => CSharpSyntaxTree.ParseText(s.Text).GetCompilationUnitRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Where(c => c.Members.OfType<ClassDeclarationSyntax>().Any(m => m.Identifier.Text == "RegisterMap")))
        {
            var named = numbers.TryGetValue(device.Identifier.Text, out var known) ? known : numbers[device.Identifier.Text] = [];
            var constants = device.Members.OfType<ClassDeclarationSyntax>().Single(m => m.Identifier.Text == "RegisterMap").Members.OfType<FieldDeclarationSyntax>()
                .SelectMany(f => f.Declaration.Variables)
                .Where(v => !v.Identifier.Text.EndsWith("Shift", System.StringComparison.Ordinal))
                .Select(v => (Name: "RegisterMap." + v.Identifier.Text, Value: v.Initializer!.Value));
            var values = device.Members.OfType<EnumDeclarationSyntax>()
                .SelectMany(e => e.Members.Where(m => m.EqualsValue is not null).Select(m => (Name: $"{e.Identifier.Text}.{m.Identifier.Text}", Value: m.EqualsValue!.Value)));
            foreach (var (name, value) in constants.Concat(values))
            {
                if (value is LiteralExpressionSyntax literal && HexValue(literal.Token.Text) is { } number) named.TryAdd(number, name);
            }
        }
        return numbers;
    }

    private static ulong? HexValue(string literal)
    {
        var text = literal.Replace("_", "").TrimEnd('u', 'U', 'l', 'L');
        return text.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase)
            ? ulong.Parse(text[2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture)
            : ulong.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    // A named constant says what its number is (an MSR index, a datasheet bit the spec has no register for), so a reader reviews it by its name.
    private static bool InNamedConstant(SyntaxToken token) =>
        token.Parent?.FirstAncestorOrSelf<FieldDeclarationSyntax>() is { } field && field.Modifiers.Any(m => m.IsKind(SyntaxKind.ConstKeyword));

    // `duplicates` reads no .hvspec file, so this is how a mask repeated between a spec and its partials is found.
    [Fact]
    public void No_hand_written_PC_file_repeats_a_number_its_device_spec_declares_as_a_hex_literal()
    {
        var numbers = SpecNumbers();
        var repeats = new List<string>();
        foreach (var type in HandWrittenPcClasses())
        {
            if (!numbers.TryGetValue(type.Identifier.Text, out var declared)) continue;
            repeats.AddRange(type.DescendantTokens()
                .Where(t => t.IsKind(SyntaxKind.NumericLiteralToken) && t.Text.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase) && !InNamedConstant(t))
                .Where(t => HexValue(t.Text) is { } v && declared.ContainsKey(v))
                .Select(t => $"{Located(t)}: {t.Text} is {type.Identifier.Text}.{declared[HexValue(t.Text)!.Value]}"));
        }
        Assert.True(repeats.Count == 0, "hand-written code repeats spec numbers:\n" + string.Join("\n", repeats));
    }

    // Every class declared in a hand-written file of the PC project, parsed with its path for the messages.
    private static IEnumerable<ClassDeclarationSyntax> HandWrittenPcClasses() =>
        Directory.GetFiles(Path.Combine(SpecLibrary.Root, "src", "HvDsl.Machines.Pc"), "*.cs", SearchOption.AllDirectories).Where(IsHandWritten).Order()
            .SelectMany(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: path).GetCompilationUnitRoot().DescendantNodes().OfType<ClassDeclarationSyntax>());

    private static string Located(SyntaxToken token) =>
        $"{Path.GetRelativePath(SpecLibrary.Root, token.SyntaxTree!.FilePath)}({token.GetLocation().GetLineSpan().StartLinePosition.Line + 1})";

    // Build output (obj/, bin/) may hold the generator's own files when a build emits them.
    private static bool IsHandWritten(string path) =>
        !path.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin");
}
