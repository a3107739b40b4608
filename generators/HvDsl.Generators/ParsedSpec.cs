using System;
using System.Collections.Immutable;
using System.Threading;
using HvDsl.Language;
using HvDsl.Language.Parsing;
using HvDsl.Language.Text;
using Microsoft.CodeAnalysis;

namespace HvDsl.Generators;

/// <summary>One parsed <c>.hvspec</c> file, the value of the generator's per-file step.</summary>
/// <remarks>
/// Equality is that of the path and text, not of the syntax tree: parsing is a pure function of both,
/// so equal inputs mean an equal tree, and the comparison stays cheap and exact.
/// </remarks>
internal sealed class ParsedSpec : IEquatable<ParsedSpec>
{
    private ParsedSpec(string path, string? text, string? failure, ParseResult result)
    {
        Path = path;
        Text = text;
        Failure = failure;
        Result = result;
    }

    /// <summary>The file's path as the compiler knows it.</summary>
    public string Path { get; }

    /// <summary>The text that was parsed, or null when the file could not be read.</summary>
    public string? Text { get; }

    /// <summary>Why the file could not be read or parsed by the generator, or null.</summary>
    public string? Failure { get; }

    /// <summary>The syntax tree or the located syntax error.</summary>
    public ParseResult Result { get; }

    /// <summary>
    /// Reads and parses <paramref name="file"/>: an unreadable file is HV0035 and one over the size limit HV0034, checked
    /// before its text is copied out; any other failure becomes an HV9999 diagnostic, never an exception.
    /// </summary>
    public static ParsedSpec Read(AdditionalText file, CancellationToken cancellationToken)
    {
        try
        {
            var source = file.GetText(cancellationToken);
            if (source is null) return Refused(file.Path, "unreadable", SpecParser.Unreadable(file.Path, "the compiler could not read it"));
            if (source.Length > SpecParser.MaxLength) return Refused(file.Path, $"too large: {source.Length}", SpecParser.TooLarge(file.Path, $"{source.Length} characters"));
            var text = source.ToString();
            return new ParsedSpec(file.Path, text, null, SpecCompiler.Parse(file.Path, text));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Failed(file.Path, InternalError.Describe(exception));
        }
    }

    private static ParsedSpec Refused(string path, string reason, ParseResult result) => new(path, null, reason, result);

    private static ParsedSpec Failed(string path, string reason)
    {
        var diagnostic = InternalError.At(new SourceSpan(path, 1, 1, 1, 1, 0, 0), reason);
        return new ParsedSpec(path, null, reason, new ParseResult(null, ImmutableList.Create(diagnostic)));
    }

    /// <inheritdoc />
    public bool Equals(ParsedSpec? other) =>
        other is not null && Path == other.Path && Text == other.Text && Failure == other.Failure;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ParsedSpec);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) ^ (Text is null ? 0 : StringComparer.Ordinal.GetHashCode(Text));
}
