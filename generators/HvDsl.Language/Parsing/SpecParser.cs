using System.Collections.Immutable;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>Parses one <c>.hvspec</c> file into a syntax tree or a located syntax error; it never throws on bad text.</summary>
public static class SpecParser
{
    /// <summary>Parses <paramref name="text"/>, reporting positions against <paramref name="path"/>.</summary>
    public static ParseResult Parse(string path, string text)
    {
        var source = new SourceText(path, text);
        using var scope = SpanScope.Enter(source);
        var result = SpecGrammar.File(new SpecInput(text));
        if (!result.WasSuccessful) return new ParseResult(null, [SyntaxError.From(result, source)]);
        var file = new SpecFileSyntax(path, result.Value) { Span = source.Span(0, text.Length) };
        return new ParseResult(file, ImmutableList<Diagnostic>.Empty);
    }
}

/// <summary>The outcome of parsing one file.</summary>
/// <param name="Syntax">The tree, or null when the file has a syntax error.</param>
/// <param name="Diagnostics">The syntax error, if any.</param>
public sealed record ParseResult(SpecFileSyntax? Syntax, ImmutableList<Diagnostic> Diagnostics);
