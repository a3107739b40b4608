using System.Collections.Immutable;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Syntax;
using HvDsl.Language.Text;
using Sprache;

namespace HvDsl.Language.Parsing;

/// <summary>Parses one <c>.hvspec</c> file into a syntax tree and every located syntax error it recovered from; it never throws on bad text.</summary>
public static class SpecParser
{
    /// <summary>The most characters a spec file may hold; the largest spec in specs/ holds under 10,000.</summary>
    public const int MaxLength = 1 << 22;

    /// <summary>Parses <paramref name="text"/>, reporting positions against <paramref name="path"/>; text over <see cref="MaxLength"/> is HV0034.</summary>
    public static ParseResult Parse(string path, string text)
    {
        if (text.Length > MaxLength) return TooLarge(path, $"{text.Length} characters");
        var source = new SourceText(path, text);
        using var scope = SpanScope.Enter(source);
        using var recovery = Recovery.Enter(source);
        var declarations = SpecGrammar.File(TokenStream.Read(source).First).Value;
        var file = new SpecFileSyntax(path, declarations) { Span = source.Span(0, text.Length), Unparsed = [.. recovery.Unparsed] };
        return new ParseResult(file, [.. recovery.Errors]);
    }

    /// <summary>HV0034 for a file that holds <paramref name="size"/> (e.g. "3145729 bytes"), more than <see cref="MaxLength"/> characters.</summary>
    public static ParseResult TooLarge(string path, string size) => Refused(DiagnosticDescriptors.FileTooLarge, path, size, MaxLength);

    /// <summary>HV0035 for a file that could not be read, and why.</summary>
    public static ParseResult Unreadable(string path, string reason) => Refused(DiagnosticDescriptors.UnreadableFile, path, reason);

    private static ParseResult Refused(DiagnosticDescriptor descriptor, string path, params object[] arguments) =>
        new(null, [Diagnostic.Create(descriptor, new SourceSpan(path, 1, 1, 1, 1, 0, 0), arguments)]);
}

/// <summary>The outcome of parsing one file.</summary>
/// <param name="Syntax">The tree of what parsed, or null when the file could not be read or is too large.</param>
/// <param name="Diagnostics">The syntax errors, each at the token it was found on.</param>
public sealed record ParseResult(SpecFileSyntax? Syntax, ImmutableList<Diagnostic> Diagnostics);
