using System;
using System.Linq;
using System.Reflection;
using HvDsl.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HvDsl.Generators.Tests.Safety;

/// <summary>Reproducers of spec text that once compiled into the consumer's assembly: each is now inert text or a located refusal.</summary>
public sealed class SpecTextInjectionTests
{
    private const string Injection =
        "[global::System.Runtime.CompilerServices.ModuleInitializer] internal static void Injected() { } //";

    [Theory]
    [InlineData("    register R @0 : u8 rw; // x{0}{1}\n", "\u2028")]
    [InlineData("    register R @0 : u8 rw; // x{0}{1}\n", "\u2029")]
    [InlineData("    register R @0 : u8 rw; // x{0}{1}\n", "\u0085")]
    [InlineData("    register R @0 : u8 rw; // x{0}{1}\n", "\r")]
    [InlineData("    /// x{0}{1}\n    register R @0 : u8 rw;\n", "\u2028")]
    [InlineData("    /// x{0}{1}\n    register R @0 : u8 rw;\n", "\r")]
    public void Line_terminator_in_a_comment_or_doc_does_not_compile_a_module_initializer_into_the_assembly(string lines, string terminator)
    {
        var spec = "device D {\n    size 1;\n" + string.Format(lines, terminator, Injection) + "}\n";

        var assembly = InMemoryCompiler.Load(spec);

        Assert.Null(assembly.GetType("Test.D", throwOnError: true)!.GetMethod("Injected", BindingFlags.Static | BindingFlags.NonPublic));
    }

    [Fact]
    public void Spec_comment_with_a_line_separator_is_quoted_with_the_separator_escaped()
    {
        var (files, _) = SpecTextTemplate.Emit("device D {\n    size 1;\n    register R @0 : u8 rw; // a\u2028b\u202Ec\n}\n");

        Assert.Contains("// test.hvspec(3): register R @0 : u8 rw; // a\\u2028b\\u202Ec", files![0]);
    }

    [Fact]
    public void Register_named_for_a_csharp_keyword_compiles_as_a_verbatim_identifier()
    {
        var assembly = InMemoryCompiler.Load("device D {\n    size 1;\n    register class @0 : u8 rw;\n}\n");

        Assert.NotNull(assembly.GetType("Test.D", throwOnError: true)!.GetProperty("class"));
    }

    [Fact]
    public void Service_text_with_quotes_backslashes_and_separators_is_sent_exactly_as_written()
    {
        const string text = "a\\\"b\u2028\u0085\r\uD800";
        var spec = $"service S {{\n    listen tcp 7;\n    on connect => send \"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\" line;\n}}\n";

        var (files, result) = SpecTextTemplate.Emit(spec);

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var literal = CSharpSyntaxTree.ParseText(files![0]).GetRoot().DescendantTokens()
            .Single(t => t.IsKind(SyntaxKind.StringLiteralToken) && t.ValueText.StartsWith('a'));
        Assert.Equal(text, literal.ValueText);
    }
}
