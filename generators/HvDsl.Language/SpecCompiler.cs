using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HvDsl.Language.Binding;
using HvDsl.Language.Diagnostics;
using HvDsl.Language.Parsing;

namespace HvDsl.Language;

/// <summary>The language's entry point: parse and bind spec files into a <see cref="BoundModel"/> and located diagnostics.</summary>
public static class SpecCompiler
{
    /// <summary>The most diagnostics reported for one file; one HV0036 line counts the rest.</summary>
    public const int MaxDiagnosticsPerFile = 100;

    /// <summary>Parses one file; see <see cref="SpecParser.Parse"/>.</summary>
    public static ParseResult Parse(string path, string text) => SpecParser.Parse(path, text);

    /// <summary>Parses every file and binds them together, so a machine may use devices declared in other files.</summary>
    public static CompilationResult Compile(IEnumerable<(string Path, string Text)> files) =>
        Bind(files.Select(f => SpecParser.Parse(f.Path, f.Text)).ToList());

    /// <summary>Binds files parsed earlier (the generator parses each file in its own cached step); what failed to parse contributes only its diagnostics.</summary>
    public static CompilationResult Bind(IReadOnlyList<ParseResult> parsed)
    {
        var syntax = parsed.Where(p => p.Syntax is not null).Select(p => p.Syntax!).ToList();
        var failed = parsed.SelectMany(p => p.Diagnostics).ToList();
        var (model, diagnostics) = Binder.Bind(syntax, failed);
        var all = failed.Concat(diagnostics)
            .OrderBy(d => d.Span.Path, System.StringComparer.Ordinal).ThenBy(d => d.Span.Start)
            .GroupBy(d => d.Span.Path, System.StringComparer.Ordinal)
            .SelectMany(Capped)
            .ToImmutableList();
        return new CompilationResult(model, all, parsed.Count);
    }

    // A spec with thousands of mistakes gets the first hundred and a count, not a report larger than itself.
    private static IEnumerable<Diagnostic> Capped(IEnumerable<Diagnostic> file)
    {
        var list = file.ToList();
        if (list.Count <= MaxDiagnosticsPerFile) return list;
        var last = list[MaxDiagnosticsPerFile - 1].Span;
        var summary = Diagnostic.Create(DiagnosticDescriptors.FurtherDiagnosticsSuppressed, last, list.Count - MaxDiagnosticsPerFile, MaxDiagnosticsPerFile);
        return list.Take(MaxDiagnosticsPerFile).Append(summary);
    }
}
