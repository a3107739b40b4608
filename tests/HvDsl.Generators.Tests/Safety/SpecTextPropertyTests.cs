using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HvDsl.Generators.Tests.Safety;

/// <summary>
/// For random spec text in every slot that reaches C#, the generated code parses to the same tree as without it
/// (comments and docs), or to the same shape with the text in its place (names, strings), or the spec is refused with located errors.
/// </summary>
public sealed class SpecTextPropertyTests
{
    private const int Rounds = 50;

    // Every line terminator C# knows, bidi controls, surrogates alone and paired, and text that means something to C# or XML.
    private static readonly string[] Pieces =
    [
        "\r", "\r\r", "\u0085", "\u2028", "\u2029", "\u000B", "\u000C", "\0", "\u001B", "\t", "\u202A", "\u202B", "\u202C", "\u202D",
        "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C", "\uFEFF", "\u200B", "\uD800", "\uDFFF",
        "\uD83D\uDE00", "\uDB40\uDC01", "\uFFFE", "\uFFFF", "*/", "/*", "]]>", "<![CDATA[", "<summary>", "</summary>", "&", "&amp;",
        "<", ">", "\"", "'", "\\", "\\u000A", "\\u2028", "\\u0041", "#if false", "#endif", "#line 1 \"x\"", "}", "{", ";",
        "[global::System.Runtime.CompilerServices.ModuleInitializer] static void X() { }", "//", "///", " ", "a", "Z", "é", "€",
    ];

    private static readonly string[] NameKeys = [.. SpecTextTemplate.Names.Keys];

    // C# keywords and names that are letters to the spec grammar but unusual to a reader: other scripts, titlecase, modifiers.
    private static readonly string[] NamePieces =
    [
        "class", "int", "in", "var", "value", "field", "partial", "record", "await", "async", "global", "nameof", "_", "__arglist",
        "__makeref", "string", "default", "yield", "where", "extension", "A", "b", "Ж", "ǅ", "ʰ", "ー", "中", "ß", "İ", "ı", "9", "_x",
    ];

    // Words the spec grammar reads as its own keywords in some slot: those change what the spec says, not how it is emitted.
    private static readonly HashSet<string> SpecWords =
    [
        "on", "read", "write", "when", "reset", "stride", "halt", "ignore", "io", "table", "msrs", "hypercalls", "raise", "otherwise",
        "cpu", "sub", "line", "close", "send", "now", "rfc868", "reply", "at", "irq", "mmio",
    ];

    [Fact]
    public void Comment_text_never_changes_the_generated_syntax_tree() =>
        AssertRandomTextKeepsTheTree(20261201, text => SpecTextTemplate.Fill(text, "", SpecTextTemplate.Names));

    [Fact]
    public void Doc_text_never_changes_the_generated_syntax_tree() =>
        AssertRandomTextKeepsTheTree(20261202, text => SpecTextTemplate.Fill("", text, SpecTextTemplate.Names));

    [Fact]
    public void Spec_path_never_changes_the_generated_syntax_tree()
    {
        var random = new Random(20261203);
        var reference = Parse(Emit(SpecTextTemplate.Fill("", "", SpecTextTemplate.Names)));
        for (var round = 0; round < Rounds / 3; round++)
        {
            var text = RandomText(random).Replace("/", "").Replace("\\", "");
            AssertSameTreeOrRefused(reference, SpecTextTemplate.Fill("", "", SpecTextTemplate.Names), text, text + ".hvspec");
        }
    }

    [Fact]
    public void Any_name_keeps_the_shape_of_the_generated_code()
    {
        var random = new Random(20261204);
        var reference = Parse(Emit(SpecTextTemplate.Fill("", "", SpecTextTemplate.Names)));
        var emitted = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var key = NameKeys[random.Next(NameKeys.Length)];
            var name = RandomName(random);
            var names = new Dictionary<string, string>(SpecTextTemplate.Names) { [key] = name };
            if (AssertSameShapeOrRefused(reference, SpecTextTemplate.Fill("", "", names), $"{key} = {Visible(name)}") is not null) emitted++;
        }
        // Most random names bind (refusals are duplicates), so the property is tested, not skipped.
        Assert.True(emitted > Rounds / 2, $"only {emitted} of {Rounds} names bound");
    }

    [Fact]
    public void Any_service_text_keeps_the_shape_and_is_the_literal_value()
    {
        var random = new Random(20261205);
        var reference = Parse(Emit(SpecTextTemplate.Fill("", "", SpecTextTemplate.Names)));
        var emitted = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var text = RandomText(random);
            var trees = AssertSameShapeOrRefused(reference, SpecTextTemplate.Fill("", "", SpecTextTemplate.Names, text: text), Visible(text));
            if (trees is null) continue;
            Assert.Contains(trees.SelectMany(t => t.GetRoot().DescendantTokens()), t => t.IsKind(SyntaxKind.StringLiteralToken) && t.ValueText == text);
            emitted++;
        }
        Assert.True(emitted > Rounds / 2, $"only {emitted} of {Rounds} texts bound");
    }

    private static void AssertRandomTextKeepsTheTree(int seed, Func<string, string> spec)
    {
        var random = new Random(seed);
        var reference = Parse(Emit(spec("")));
        for (var round = 0; round < Rounds; round++)
        {
            var text = RandomText(random);
            AssertSameTreeOrRefused(reference, spec(text), text);
        }
    }

    private static void AssertSameTreeOrRefused(IReadOnlyList<SyntaxTree> reference, string spec, string text, string path = "test.hvspec")
    {
        var (files, result) = SpecTextTemplate.Emit(spec, path);
        if (files is null)
        {
            AssertLocated(result, text);
            return;
        }
        var trees = Parse(files);
        Assert.Equal(reference.Count, trees.Count);
        for (var i = 0; i < trees.Count; i++)
        {
            var root = trees[i].GetRoot();
            Assert.True(root.IsEquivalentTo(reference[i].GetRoot(), topLevel: false), $"file {i} changed meaning for text {Visible(text)}:\n{files[i]}");
            Assert.Equal(Directives(reference[i]), Directives(trees[i]));
            Assert.Empty(trees[i].GetDiagnostics());
        }
    }

    private static IReadOnlyList<SyntaxTree>? AssertSameShapeOrRefused(IReadOnlyList<SyntaxTree> reference, string spec, string what)
    {
        var (files, result) = SpecTextTemplate.Emit(spec);
        if (files is null)
        {
            AssertLocated(result, what);
            return null;
        }
        var trees = Parse(files);
        Assert.Equal(reference.Count, trees.Count);
        for (var i = 0; i < trees.Count; i++)
        {
            Assert.Empty(trees[i].GetDiagnostics());
            Assert.True(Shape(reference[i]).SequenceEqual(Shape(trees[i])), $"file {i} changed shape for {what}:\n{files[i]}");
            Assert.Equal(Directives(reference[i]), Directives(trees[i]));
        }
        return trees;
    }

    private static void AssertLocated(HvDsl.Language.CompilationResult result, string what)
    {
        Assert.NotEmpty(result.Diagnostics);
        Assert.All(result.Diagnostics, d => Assert.True(d.Span.StartLine >= 1 && d.Id.StartsWith("HV", StringComparison.Ordinal), $"{what}: {d}"));
    }

    private static IReadOnlyList<string> Emit(string spec) =>
        SpecTextTemplate.Emit(spec).Files ?? throw new InvalidOperationException("the reference spec must compile");

    private static List<SyntaxTree> Parse(IEnumerable<string> files) =>
        files.Select(f => CSharpSyntaxTree.ParseText(f, new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose))).ToList();

    // Node and token kinds in order: the tree's shape, whatever the identifiers and literal values are.
    private static IEnumerable<SyntaxKind> Shape(SyntaxTree tree) => tree.GetRoot().DescendantNodesAndTokens().Select(n => n.Kind());

    private static string[] Directives(SyntaxTree tree) =>
        tree.GetRoot().DescendantTrivia().Where(t => t.IsDirective).Select(t => t.ToString()).ToArray();

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            text.Append(random.Next(3) switch
            {
                0 => ((char)random.Next(0, 0x10000)).ToString(),
                1 => char.ConvertFromUtf32(random.Next(0x10000, 0x110000) is var c && c is < 0xD800 or > 0xDFFF ? c : 0x1F600),
                _ => Pieces[random.Next(Pieces.Length)],
            });
        }
        // A spec comment, doc line or string ends at a line feed, so none can hold one.
        return text.Replace("\n", "").ToString();
    }

    private static string RandomName(Random random)
    {
        while (true)
        {
            var name = string.Concat(Enumerable.Range(0, random.Next(1, 3)).Select(_ => NamePieces[random.Next(NamePieces.Length)]));
            if (!SpecWords.Contains(name) && (char.IsLetter(name[0]) || name[0] == '_')) return name;
        }
    }

    private static string Visible(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
