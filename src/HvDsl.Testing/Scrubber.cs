using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace HvDsl.Testing;

/// <summary>Takes out of generated code and diagnostics what changes without the specs' meaning changing, as the options say.</summary>
internal sealed partial class Scrubber(SpecGenerationOptions options)
{
    /// <summary>The code, with the version and spec line numbers replaced unless kept.</summary>
    public string Code(string text)
    {
        text = text.Replace("\r\n", "\n");
        if (!options.KeepVersion) text = GeneratedCodeVersion().Replace(text, $"$1\"{GeneratedSpecs.VersionPlaceholder}\")");
        if (!options.KeepLineNumbers) text = SpecLineComment().Replace(text, "$1:");
        return text;
    }

    /// <summary>One line, <c>path(line,col): error HVnnnn: message</c>, or <c>path: error HVnnnn: message</c> without line numbers.</summary>
    public string Diagnostic(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (options.KeepLineNumbers)
            return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {severity} {diagnostic.Id}: {message}";
        return $"{span.Path}: {severity} {diagnostic.Id}: {SpecPosition().Replace(message, "$1")}";
    }

    // [global::System.CodeDom.Compiler.GeneratedCode("HvDsl", "0.1.0.0")]
    [GeneratedRegex("""(GeneratedCode\("HvDsl", )"[^"]*"\)""")]
    private static partial Regex GeneratedCodeVersion();

    // "// board.hvspec(12): register ..." at the start of a comment line
    [GeneratedRegex(@"^(\s*// .*?\.hvspec)\(\d+\):", RegexOptions.Multiline)]
    private static partial Regex SpecLineComment();

    // "declared at board.hvspec(2,7)" inside a message
    [GeneratedRegex(@"(\.hvspec)\(\d+,\d+\)")]
    private static partial Regex SpecPosition();
}
